package io.dsm.it;

import java.lang.reflect.Field;

import io.dsm.runtime.BlockState;
import io.dsm.runtime.DsmNode;
import org.agrona.concurrent.UnsafeBuffer;

/** What protocol tests read off a replica (its block id and access mode) and how they hand a node a frame. */
final class Replicas
{
    private Replicas()
    {
    }

    /** The replica's access mode: {@link BlockState#WRITE}, READ, INVALID or BUSY. */
    static int mode(final Object replica)
    {
        return BlockState.stateAcquire(replica, BlockState.stateOffset(replica.getClass())) & BlockState.MODE_MASK;
    }

    /** The global id of the replica's block, from the metadata the agent attached to it. */
    static long blockId(final Object replica) throws ReflectiveOperationException
    {
        Class<?> type = replica.getClass();
        while (true)
        {
            try
            {
                final Field metaField = type.getDeclaredField(BlockState.META_FIELD);
                metaField.setAccessible(true);
                final Object meta = metaField.get(replica);
                final Field id = meta.getClass().getDeclaredField("id");
                id.setAccessible(true);
                return id.getLong(meta);
            }
            catch (final NoSuchFieldException ex)
            {
                type = type.getSuperclass(); // the field is on the topmost shared class
                if (type == null)
                {
                    throw ex;
                }
            }
        }
    }

    /** Feeds a whole frame into the node's receive path, as if it had arrived from its sender. */
    static void inject(final DsmNode node, final byte[] frame)
    {
        node.injectFrame(new UnsafeBuffer(frame), 0, frame.length);
    }
}
