package io.dsm.runtime.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.dsm.runtime.block.BlockIds;
import io.dsm.runtime.metrics.ErrorLog;
import io.dsm.runtime.protocol.ConsistencyFence;
import io.dsm.runtime.protocol.Frame;
import io.dsm.runtime.protocol.RecordingTransport;
import io.dsm.runtime.transport.Transport;
import io.dsm.runtime.wire.MessageCounters;
import io.dsm.runtime.wire.Outbox;
import io.dsm.runtime.wire.codec.LockTokenDecoder;
import io.dsm.runtime.wire.codec.MessageHeaderDecoder;

/**
 * The lock hand-off carries the releaser's consistency mark and the next holder awaits it before
 * it runs (full replication's updates arrive after their writer returned). Two lock services
 * driven by hand, without a cluster.
 */
final class LockFenceTest
{
    private static final long LOCK = BlockIds.make(0, 1); // created by node 0: its manager, where the token is born

    @Test
    void theTokenCarriesTheReleasersMarkAndTheNextHolderAwaitsIt()
    {
        final RecordingTransport wire0 = new RecordingTransport();
        final RecordingFence fence0 = new RecordingFence(99);
        final LockService node0 = service(0, wire0, fence0);
        final Object monitor = new Object();

        node0.enter(LOCK, monitor);
        node0.onLockForward(0, LOCK, 1); // node 1 asked while node 0 holds the lock
        node0.exit(LOCK, monitor);

        final List<Frame> sent = wire0.take();
        assertEquals(1, sent.size(), "the token went to node 1");
        final LockTokenDecoder token = new LockTokenDecoder();
        final UnsafeBuffer frame = new UnsafeBuffer(sent.get(0).bytes());
        token.wrap(frame, MessageHeaderDecoder.ENCODED_LENGTH, LockTokenDecoder.BLOCK_LENGTH, LockTokenDecoder.SCHEMA_VERSION);
        assertEquals(99, token.mark(), "the token carries what node 0 had applied");
        assertEquals(1, token.epoch(), "the first hand-off");

        final RecordingFence fence1 = new RecordingFence(0);
        final LockService node1 = service(1, new RecordingTransport(), fence1);
        node1.onLockToken(0, LOCK, token.epoch(), token.mark(), new UnsafeBuffer(new byte[0]), 0, 0);
        node1.enter(LOCK, monitor);
        assertEquals(List.of(99L), fence1.awaited, "node 1's first holder awaited the mark before it ran");
        node1.exit(LOCK, monitor);
        node1.enter(LOCK, monitor);
        node1.exit(LOCK, monitor);
        assertEquals(List.of(99L), fence1.awaited, "later local holders need no fence");
    }

    private static LockService service(final int self, final Transport transport, final ConsistencyFence fence)
    {
        final Outbox outbox = new Outbox(self, transport, new ManyToOneConcurrentArrayQueue<>(16), new MessageCounters(), null);
        return new LockService(self, 0, new int[] {0, 1}, outbox, fence, new ErrorLog("[test]"), 10_000, 1_000,
            new io.dsm.runtime.membership.View(0b11));
    }

    private static final class RecordingFence implements ConsistencyFence
    {
        final long mark;
        final List<Long> awaited = new ArrayList<>();

        RecordingFence(final long mark)
        {
            this.mark = mark;
        }

        @Override
        public long releaseMark()
        {
            return mark;
        }

        @Override
        public void awaitMark(final long m)
        {
            awaited.add(m);
        }
    }
}
