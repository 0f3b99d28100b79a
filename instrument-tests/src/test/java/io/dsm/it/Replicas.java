package io.dsm.it;

import java.lang.reflect.Field;

import io.dsm.runtime.DsmNode;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.block.SyntheticNames;
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
        return BlockState.stateVolatile(BlockState.stateHandle(replica.getClass()), replica) & BlockState.MODE_MASK;
    }

    /**
     * Overwrites the replica's access mode, as the node's agent does when it installs or removes a
     * copy; for tests that place a state change at one exact point of a race.
     */
    static void setMode(final Object replica, final int mode) throws ReflectiveOperationException
    {
        BlockState.stateHandle(replica.getClass()).setVolatile(replica, mode);
    }

    /** The global id of the replica's block, from the metadata the agent attached to it. */
    static long blockId(final Object replica) throws ReflectiveOperationException
    {
        final Object meta = meta(replica);
        final Field id = meta.getClass().getDeclaredField("id");
        id.setAccessible(true);
        return id.getLong(meta);
    }

    /** The runtime's metadata of the replica's block (its monitor guards the block's pending fault). */
    static Object meta(final Object replica) throws ReflectiveOperationException
    {
        Class<?> type = replica.getClass();
        while (true)
        {
            try
            {
                final Field metaField = type.getDeclaredField(SyntheticNames.META_FIELD);
                metaField.setAccessible(true);
                return metaField.get(replica);
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
