package io.dsm.runtime.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.dsm.api.Protocol;
import io.dsm.runtime.block.AccessKind;
import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.block.Completion;
import io.dsm.runtime.wire.codec.AccessRequestDecoder;
import io.dsm.runtime.wire.codec.BlockGrantDecoder;

/**
 * ivy-broadcast when node 2's read request crosses a change of owner: node 0 hands the block to
 * node 1 while the two copies of the broadcast are on their way. Node 0 must pass the request on
 * exactly when node 1 had received it before asking for the block (node 1 then ignored it), as
 * node 1's write request says; otherwise node 1 serves it itself. The unit twin of the
 * instrument test io.dsm.it.BroadcastOwnerInFlightTest, with the order of arrival chosen here.
 */
final class BroadcastOwnerInFlightTest
{
    private final FakeContext node0 = new FakeContext(0, 3, Protocol.IVY_BROADCAST, BroadcastProtocol::new);
    private final FakeContext node1 = new FakeContext(1, 3, Protocol.IVY_BROADCAST, BroadcastProtocol::new);
    private final FakeContext node2 = new FakeContext(2, 3, Protocol.IVY_BROADCAST, BroadcastProtocol::new);
    private BlockMeta block1;
    private BlockMeta block2;

    @BeforeEach
    void nodeZeroOwnsTheBlockAndTheOthersKnowIt()
    {
        final Cell cell = new Cell();
        cell.value = 7;
        final long id = node0.publish(cell).id;
        block1 = node1.replica(id, Cell.class);
        block2 = node2.replica(id, Cell.class);
    }

    @Test
    void aRequestTheNewOwnerIgnoredBeforeItAskedIsForwardedByTheOldOwner()
    {
        final Completion read2 = node2.fault(block2, AccessKind.READ);
        final List<Frame> readBroadcast = node2.takeSent();
        assertEquals(List.of(0, 1), readBroadcast.stream().map(Frame::to).toList(), "node 2 asks every other node");

        // the copy to node 1 arrives before node 1 wants the block: it is no one's to serve there
        Frame.sentTo(1, readBroadcast).deliverTo(node1.protocol());
        assertEquals(List.of(), node1.takeSent(), "node 1, not involved, ignores the request");

        // node 1's write request tells the owner what it had received from node 2
        final Completion write1 = node1.fault(block1, AccessKind.WRITE);
        final Frame writeToNode0 = Frame.sentTo(0, node1.takeSent());
        assertEquals(Map.of(2, 1L), writeToNode0.seen(), "node 1 had received node 2's request 1");
        writeToNode0.deliverTo(node0.protocol());
        final Frame handOver = node0.takeOnlySent();

        // the copy to node 0 arrives after the hand-over: node 0 must pass it on, or nobody serves it
        Frame.sentTo(0, readBroadcast).deliverTo(node0.protocol());
        final List<Frame> sent = node0.takeSent();
        assertEquals(1, sent.size(), "node 0 must pass on the request node 1 ignored; it sent " + sent);
        final Frame forward = sent.get(0);
        final AccessRequestDecoder request = forward.accessRequest();
        assertEquals(1, forward.to(), "node 0 forwards to node 1: " + forward);
        assertEquals(2, request.requester());
        assertEquals(AccessKind.READ, request.accessRaw());
        assertEquals(1, request.forwarded());
        assertEquals(1, request.requestId(), "the forward keeps node 2's request number");

        handOver.deliverTo(node1.protocol());
        assertTrue(write1.isDone(), "node 1's write is granted");
        ((Cell)block1.replica).value = 8;
        forward.deliverTo(node1.protocol());
        final Frame copy = node1.takeOnlySent();
        assertEquals(2, copy.to(), "node 1 serves node 2: " + copy);
        copy.deliverTo(node2.protocol());
        assertTrue(read2.isDone(), "node 2's read is served");
        assertEquals(BlockState.READ, BlockState.mode(block2.state()));
        assertEquals(8, ((Cell)block2.replica).value, "node 2 reads node 1's write");
    }

    @Test
    void aRequestTheNewOwnerReceivedWhileAskingIsNotForwarded()
    {
        // node 1 asks for the block having received nothing from node 2, and gets it
        node1.fault(block1, AccessKind.WRITE);
        final Frame writeToNode0 = Frame.sentTo(0, node1.takeSent());
        assertEquals(Map.of(), writeToNode0.seen());
        writeToNode0.deliverTo(node0.protocol());
        final Frame handOver = node0.takeOnlySent();

        final Completion read2 = node2.fault(block2, AccessKind.READ);
        final List<Frame> readBroadcast = node2.takeSent();
        // node 1 receives the request while its write is pending: it keeps it for when it owns the block
        Frame.sentTo(1, readBroadcast).deliverTo(node1.protocol());
        assertEquals(List.of(), node1.takeSent());

        // so the old owner must not send a second copy of the request to node 1
        Frame.sentTo(0, readBroadcast).deliverTo(node0.protocol());
        assertEquals(List.of(), node0.takeSent(), "node 0 forwarded a request node 1 serves itself");

        handOver.deliverTo(node1.protocol());
        final Frame copy = node1.takeOnlySent();
        final BlockGrantDecoder grant = copy.blockGrant();
        assertEquals(2, copy.to(), "node 1 serves node 2's request it kept: " + copy);
        assertEquals(AccessKind.READ, grant.accessRaw());
        copy.deliverTo(node2.protocol());
        assertTrue(read2.isDone(), "node 2's read is served");
        assertEquals(7, ((Cell)block2.replica).value);
        assertFalse(block1.hasPendingWrite(), "node 1's write is granted");
    }
}
