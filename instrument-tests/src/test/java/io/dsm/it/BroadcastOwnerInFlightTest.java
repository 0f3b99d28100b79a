package io.dsm.it;

import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.dsm.api.Protocol;
import io.dsm.it.model.Counter;
import io.dsm.runtime.wire.codec.Access;
import io.dsm.runtime.wire.codec.AccessRequestEncoder;
import io.dsm.runtime.wire.codec.MessageHeaderEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import io.dsm.runtime.DsmCluster;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.config.NodeConfig;

/**
 * ivy-broadcast when a request crosses a change of owner. Node 2's read request is broadcast to
 * nodes 0 and 1 while node 0 hands the block to node 1; the test delivers the two copies by hand
 * (injected frames, as if from node 2) in the orders that matter.
 */
@Timeout(120)
class BroadcastOwnerInFlightTest
{
    private static final long REQUEST_ID = 1; // node 2 has sent no request of its own yet

    @Test
    void aRequestTheNewOwnerIgnoredBeforeItAskedIsForwardedByTheOldOwner() throws Exception
    {
        try (DsmCluster cluster = start())
        {
            final Counter c0 = cluster.node(0).root("c", Counter::new);
            final Counter c1 = cluster.node(1).root("c", Counter::new);
            final Counter c2 = cluster.node(2).root("c", Counter::new);
            c0.value = 7; // node 0 created the block and owns it
            final byte[] request = readRequestFromNode2(Replicas.blockId(c0));

            // the copy to node 1 arrives before node 1 wants the block: nobody there to serve it
            Replicas.inject(cluster.node(1), request);
            c1.value = 8; // node 1 takes ownership; its request tells node 0 what it had seen
            final long grantsBefore = cluster.node(2).counters().received("BlockGrant");

            // the copy to node 0 arrives after the hand-over: node 0 must pass it on, or nobody serves it
            final long forwardsBefore = cluster.node(0).counters().sent("AccessRequest");
            Replicas.inject(cluster.node(0), request);
            assertEquals(forwardsBefore + 1, cluster.node(0).counters().sent("AccessRequest"), "node 0 forwards to node 1");

            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (cluster.node(2).counters().received("BlockGrant") == grantsBefore && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            assertEquals(grantsBefore + 1, cluster.node(2).counters().received("BlockGrant"), "node 1 served node 2");
            assertEquals(BlockState.READ, Replicas.mode(c2), "node 2 holds a read copy");
            final long requestsBefore = cluster.node(2).counters().sent("AccessRequest");
            assertEquals(8, c2.value);
            assertEquals(requestsBefore, cluster.node(2).counters().sent("AccessRequest"), "the read did not fault");
        }
    }

    @Test
    void aRequestTheNewOwnerReceivedWhileAskingIsNotForwarded() throws Exception
    {
        try (DsmCluster cluster = start())
        {
            final Counter c0 = cluster.node(0).root("c", Counter::new);
            final Counter c1 = cluster.node(1).root("c", Counter::new);
            cluster.node(2).root("c", Counter::new);
            c0.value = 7;
            c1.value = 8; // node 1 owns the block and had seen nothing from node 2 when it asked

            // a request node 1 had not received when it asked reaches it after its fault, and it serves
            // that copy itself: the old owner must not send a second one
            final long sentBefore = cluster.node(0).counters().sent("AccessRequest");
            Replicas.inject(cluster.node(0), readRequestFromNode2(Replicas.blockId(c0)));
            assertEquals(sentBefore, cluster.node(0).counters().sent("AccessRequest"), "node 0 forwarded needlessly");
        }
    }

    private static DsmCluster start()
    {
        final Properties p = new Properties();
        p.setProperty(NodeConfig.PROTOCOL, Protocol.IVY_BROADCAST.configName());
        p.setProperty(NodeConfig.FAULT_TIMEOUT_MS, "20000");
        return DsmCluster.start(3, p);
    }

    /** Node 2's read request for the block, as node 2 broadcasts it. */
    private static byte[] readRequestFromNode2(final long blockId)
    {
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[128]);
        final AccessRequestEncoder req = new AccessRequestEncoder();
        req.wrapAndApplyHeader(buf, 0, new MessageHeaderEncoder())
            .sender(2).requester(2).blockId(blockId).access(Access.READ).forwarded((short)0)
            .protocol((short)Protocol.IVY_BROADCAST.ordinal()).requestId(REQUEST_ID).putSeen(new byte[0], 0, 0);
        final byte[] frame = new byte[MessageHeaderEncoder.ENCODED_LENGTH + req.encodedLength()];
        buf.getBytes(0, frame);
        return frame;
    }
}
