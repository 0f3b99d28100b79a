package io.dsm.runtime.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.dsm.api.Protocol;
import io.dsm.runtime.block.AccessKind;
import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.block.Completion;
import io.dsm.runtime.wire.codec.InvalidateAckDecoder;

/**
 * ivy-dynamic: node 0 grants node 2 a read copy, then hands the block to node 1, which
 * invalidates that copy over another channel than node 0's grant, so the Invalidate can reach
 * node 2 first. Applied at once it would remove nothing, and the copy arriving after it would
 * stay valid and stale for good. Node 2 must acknowledge only once the copy came, let the waiting
 * read see it once, and keep it invalid. The unit twin of the instrument test
 * io.dsm.it.DynamicInvalidateOvertakesCopyTest, which holds node 0's agent to get this order.
 */
final class DynamicInvalidateOvertakesCopyTest
{
    private final FakeContext node0 = new FakeContext(0, 3, Protocol.IVY_DYNAMIC, DynamicManagerProtocol::new);
    private final FakeContext node1 = new FakeContext(1, 3, Protocol.IVY_DYNAMIC, DynamicManagerProtocol::new);
    private final FakeContext node2 = new FakeContext(2, 3, Protocol.IVY_DYNAMIC, DynamicManagerProtocol::new);

    @Test
    void anInvalidateThatOvertakesTheCopyIsAcknowledgedAfterItAndTheCopyStaysInvalid()
    {
        final Cell cell = new Cell();
        cell.value = 7;
        final long id = node0.publish(cell).id; // node 0 owns it and is everyone's probable owner
        final BlockMeta block1 = node1.replica(id, Cell.class);
        final BlockMeta block2 = node2.replica(id, Cell.class);

        final Completion read2 = node2.fault(block2, AccessKind.READ);
        node2.takeOnlySent().deliverTo(node0.protocol());
        final Frame copy = node0.takeOnlySent(); // node 0 adds node 2 to the copyset; the copy is on its way

        final Completion write1 = node1.fault(block1, AccessKind.WRITE);
        node1.takeOnlySent().deliverTo(node0.protocol());
        node0.takeOnlySent().deliverTo(node1.protocol()); // ownership and copyset {2} reach node 1
        final Frame invalidate = node1.takeOnlySent();
        assertEquals(2, invalidate.to(), "node 1 invalidates node 2's copy: " + invalidate);

        // the Invalidate overtakes the copy
        invalidate.deliverTo(node2.protocol());
        assertEquals(List.of(), node2.takeSent(),
            "node 2 acknowledged an invalidation before the copy it invalidates had arrived");
        assertFalse(read2.isDone(), "node 2's read still waits for the copy");

        copy.deliverTo(node2.protocol());
        assertEquals(BlockState.INVALID, BlockState.mode(block2.state()), "the copy the invalidation overtook stays invalid");
        assertTrue(read2.isDone(), "the waiting read is served by the copy");
        assertTrue(read2.servedOnce(), "once: the read after it faults again");
        assertEquals(7, ((Cell)block2.replica).value, "with the copy's data");
        final Frame ack = node2.takeOnlySent();
        final InvalidateAckDecoder ackMessage = ack.invalidateAck();
        assertEquals(1, ack.to(), "node 2 acknowledges to node 1 now: " + ack);
        assertEquals(id, ackMessage.blockId());

        assertFalse(write1.isDone(), "node 1 writes only once the copy is gone");
        ack.deliverTo(node1.protocol());
        assertTrue(write1.isDone(), "node 1's write is granted");
        assertEquals(BlockState.WRITE, BlockState.mode(block1.state()));
    }
}
