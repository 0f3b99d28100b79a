package io.dsm.it;

import java.lang.reflect.Field;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.dsm.api.Protocol;
import io.dsm.it.model.Counter;
import io.dsm.runtime.wire.codec.InvalidateEncoder;
import io.dsm.runtime.wire.codec.MessageHeaderEncoder;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.dsm.runtime.DsmCluster;
import io.dsm.runtime.DsmNode;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.config.NodeConfig;

/**
 * ivy-dynamic: the new owner invalidates the copies the old owner granted, over another channel
 * than the grants, so an Invalidate can reach a reader before the copy it is meant to remove.
 * Applied at once, it would remove nothing, and the copy arriving after it would stay valid and
 * stale for good (seen as a relay stuck at one turn across 3 JVMs). Here node 2 reads from node 0
 * while node 0's agent is held, so the copy cannot come yet; an Invalidate from node 1 is injected
 * first. Node 2 must acknowledge it only after the copy came, and keep that copy invalid.
 */
@Timeout(120)
class DynamicInvalidateOvertakesCopyTest
{
    @Test
    void anInvalidateThatOvertakesTheCopyIsAcknowledgedAfterItAndTheCopyStaysInvalid() throws Exception
    {
        final Properties p = new Properties();
        p.setProperty(NodeConfig.PROTOCOL, Protocol.IVY_DYNAMIC.configName());
        p.setProperty(NodeConfig.FAULT_TIMEOUT_MS, "20000");
        try (DsmCluster cluster = DsmCluster.start(3, p))
        {
            final Counter c0 = cluster.node(0).root("c", Counter::new);
            final Counter c2 = cluster.node(2).root("c", Counter::new);
            c0.value = 7; // node 0 created the block, owns it and is node 2's probable owner

            final Thread agent0 = agentThread(cluster.node(0));
            final int[] seen = new int[1];
            final Thread reader = new Thread(() -> seen[0] = c2.value, "reader on node 2");
            agent0.suspend(); // node 0 receives node 2's request but cannot answer yet
            try
            {
                reader.start();
                awaitTrue(() -> cluster.node(2).counters().sent("AccessRequest") == 1, "node 2 asked node 0");
                Replicas.inject(cluster.node(2), invalidateFromNode1(Replicas.blockId(c0)));
                assertEquals(0, cluster.node(2).counters().sent("InvalidateAck"),
                    "node 2 acknowledged an invalidation before the copy it invalidates had arrived");
            }
            finally
            {
                agent0.resume();
            }
            reader.join(TimeUnit.SECONDS.toMillis(20));
            assertEquals(7, seen[0], "the waiting read is served by the copy");
            awaitTrue(() -> cluster.node(2).counters().sent("InvalidateAck") == 1, "node 2 acknowledged after the copy");
            assertEquals(BlockState.INVALID, Replicas.mode(c2), "the copy the invalidation overtook stays invalid");
        }
    }

    private static byte[] invalidateFromNode1(final long blockId)
    {
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[64]);
        final InvalidateEncoder inv = new InvalidateEncoder();
        inv.wrapAndApplyHeader(buf, 0, new MessageHeaderEncoder()).sender(1).blockId(blockId)
            .protocol((short)Protocol.IVY_DYNAMIC.ordinal());
        final byte[] frame = new byte[MessageHeaderEncoder.ENCODED_LENGTH + inv.encodedLength()];
        buf.getBytes(0, frame);
        return frame;
    }

    private static void awaitTrue(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    private static Thread agentThread(final DsmNode node) throws ReflectiveOperationException
    {
        final Field runner = DsmNode.class.getDeclaredField("runner");
        runner.setAccessible(true);
        return ((AgentRunner)runner.get(node)).thread();
    }
}
