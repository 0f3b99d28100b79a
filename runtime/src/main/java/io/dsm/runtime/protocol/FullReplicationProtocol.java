package io.dsm.runtime.protocol;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import io.dsm.api.DsmTimeoutException;
import io.dsm.api.Protocol;
import io.dsm.runtime.block.AccessKind;
import io.dsm.runtime.block.BlockIds;
import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.block.BlockTransitions;
import io.dsm.runtime.wire.RecoveryEntries;
import io.dsm.runtime.block.BrokenMode;
import io.dsm.runtime.wire.Outbox;

/**
 * Full replication with write-update: every node that uses a block holds a read-only copy, and
 * every write goes through a sequencer (the manager node) that gives it a number and sends it to
 * every node; nodes apply writes in sequence order, and a writer returns once its own write has
 * been applied at home, so all nodes see all writes in one order.
 *
 * <pre>
 * write: writer -> sequencer: FieldWrite(value)                  (not counted if the writer is the sequencer)
 *        sequencer -> every other node: FieldWrite(value, seq)   n - 1 messages
 * first read on a node: node -> sequencer: AccessRequest(READ); sequencer -> node: BlockGrant(READ, data)
 * </pre>
 *
 * A block becomes read-only on its creator when it is published; the sequencer fetches its first
 * copy from the creator and holds writes for the block until it has it. Copies and writes reach a
 * node from the sequencer over one ordered stream, so a copy and the writes after it cannot cross.
 */
final class FullReplicationProtocol extends ProtocolBase implements ConsistencyFence, SequencerRole
{
    /** A grant's change count that marks a copy the new sequencer sends after a take-over: it replaces any copy. */
    private static final int RESYNC = -1;

    private volatile int sequencer;
    private long sequence;
    /** The highest sequence number this node has applied (all lower ones are applied too). */
    private volatile long applied;
    /** Writes to sequence that reached this node before it knew it is the sequencer: {writer, block, class, request, slot, value}. */
    private final ArrayDeque<Object[]> misdirected = new ArrayDeque<>();
    /** Blocks whose creator died: the survivor the recovery plan names as holding a copy, to fetch the first copy from. */
    private final Long2ObjectHashMap<Integer> copySource = new Long2ObjectHashMap<>();
    /** At the sequencer: requests for blocks whose first copy is still on its way, per block. */
    private final Long2ObjectHashMap<ArrayDeque<Runnable>> waitingForCopy = new Long2ObjectHashMap<>();
    /** Blocks this sequencer was fetching from a creator that died: fetched again from a survivor after the round. */
    private final java.util.ArrayList<Long> pendingRefetch = new java.util.ArrayList<>();

    FullReplicationProtocol(final ProtocolContext context)
    {
        super(Protocol.FULL_REPLICATION, context);
        this.sequencer = config.managerNode();
    }

    @Override
    public String route(final BlockMeta meta)
    {
        return "sequencer node " + sequencer;
    }

    @Override
    public int sequencer()
    {
        return sequencer;
    }

    @Override
    public long applied()
    {
        return applied;
    }

    @Override
    public void recoveryBegins()
    {
        // requests waiting for a first copy are asked again after the round; writes waiting for one
        // must not be forgotten: their writers wait for them and nobody asks them again
        for (final Long2ObjectHashMap<ArrayDeque<Runnable>>.EntryIterator it = waitingForCopy.entrySet().iterator(); it.hasNext(); )
        {
            it.next();
            if (view.isDead(BlockIds.creator(it.getLongKey())))
            {
                pendingRefetch.add(it.getLongKey());
            }
        }
    }

    @Override
    public void recover(final long blockId, final BlockMeta meta, final int owner, final long copyset)
    {
        if (view.isDead(BlockIds.creator(blockId)) && owner != RecoveryEntries.LOST)
        {
            copySource.put(blockId, Integer.valueOf(owner));
        }
    }

    @Override
    public void takeOver(final int newSequencer, final long sequenceSoFar, final Collection<BlockMeta> all)
    {
        try
        {
            changeSequencer(newSequencer, sequenceSoFar, all);
        }
        finally
        {
            afterRound();
        }
    }

    /** Writes kept for a take-over are sequenced (or passed on); first copies from a dead creator are fetched from a survivor. */
    private void afterRound()
    {
        for (final Long blockId : pendingRefetch)
        {
            outbox.accessRequest(wire, copySourceOf(blockId), self, blockId, AccessKind.READ, true);
        }
        pendingRefetch.clear();
        Object[] w;
        while ((w = misdirected.pollFirst()) != null)
        {
            final byte[] v = (byte[])w[5];
            onFieldWrite(self, (Integer)w[0], (Long)w[1], (String)w[2], (Long)w[3], 0, (Integer)w[4],
                new org.agrona.concurrent.UnsafeBuffer(v), 0, v.length);
        }
    }

    private int copySourceOf(final long blockId)
    {
        final Integer source = copySource.get(blockId);
        return source != null ? source : BlockIds.creator(blockId);
    }

    private void changeSequencer(final int newSequencer, final long sequenceSoFar, final Collection<BlockMeta> all)
    {
        if (newSequencer == sequencer)
        {
            return;
        }
        final int old = sequencer;
        sequencer = newSequencer;
        applied = Math.max(applied, sequenceSoFar); // the new sequencer's copies bring this node that far
        // only this protocol's writes: the node's central-server writes go on to their live servers
        valueWrites.failWhere(id ->
        {
            final BlockMeta m = blocks.block(id);
            return m != null && m.protocol == this;
        }, "the full-replication sequencer node " + old + " died before this write was known to be " +
            "applied everywhere; it may or may not have been applied: read the field again and write again if needed");
        if (self != newSequencer)
        {
            return;
        }
        sequence = Math.max(sequence, sequenceSoFar);
        for (final BlockMeta meta : all)
        {
            if (meta.protocol == this && hasCopy(meta))
            {
                for (final int m : members)
                {
                    if (m != self && !view.isDead(m))
                    {
                        outbox.blockGrant(wire, m, meta, AccessKind.READ, true, 0L, RESYNC);
                    }
                }
            }
        }
    }

    @Override
    public void onPublish(final BlockMeta meta)
    {
        // from now on every write, even the creator's, goes through the sequencer
        BlockTransitions.revoke(meta, BlockState.READ);
    }

    @Override
    public void requestAccess(final BlockMeta meta, final int access)
    {
        outbox.accessRequest(wire, sequencer, self, meta.id, AccessKind.READ, false);
    }

    @Override
    public boolean write(final BlockMeta meta, final int slot, final Object value)
    {
        if ((meta.state() & BlockState.NOT_READABLE) != 0)
        {
            meta.faults.fault(meta, AccessKind.READ); // apply our own write to a copy we have
        }
        final long requestId = valueWrites.begin(meta.id);
        outbox.fieldWrite(wire, sequencer, self, meta, requestId, 0, slot, value);
        valueWrites.await(meta, requestId);
        return true;
    }

    private boolean hasCopy(final BlockMeta meta)
    {
        return meta != null && (meta.state() & BlockState.NOT_READABLE) == 0;
    }

    @Override
    public void onAccessRequest(
        final int sender, final int requester, final long blockId, final int access, final boolean forwarded)
    {
        if (forwarded)
        {
            // the sequencer asks the creator for the first copy
            final BlockMeta meta = blockOrRefuse(blockId, requester, "creator");
            if (meta != null)
            {
                outbox.blockGrant(wire, requester, meta, AccessKind.READ, true);
            }
            return;
        }
        final BlockMeta meta = blocks.block(blockId);
        if (hasCopy(meta))
        {
            outbox.blockGrant(wire, requester, meta, AccessKind.READ, true);
            return;
        }
        awaitCopy(blockId, () -> outbox.blockGrant(wire, requester, blocks.block(blockId), AccessKind.READ, true));
    }

    /** At the sequencer: runs {@code action} once the block's first copy is here, asking its creator for it. */
    private void awaitCopy(final long blockId, final Runnable action)
    {
        ArrayDeque<Runnable> waiting = waitingForCopy.get(blockId);
        if (waiting == null)
        {
            waiting = new ArrayDeque<>(2);
            waitingForCopy.put(blockId, waiting);
            outbox.accessRequest(wire, copySourceOf(blockId), self, blockId, AccessKind.READ, true);
        }
        waiting.addLast(action);
    }

    @Override
    public void onBlockGrant(
        final int sender, final long blockId, final int access, final boolean withData, final long copyset,
        final int changes, final String className, final DirectBuffer payload, final int payloadOffset, final int payloadLength)
    {
        final BlockMeta meta = blocks.replicaMeta(blockId, className);
        if (changes == RESYNC)
        {
            payloads.install(meta, payload, payloadOffset, payloadLength); // newer than this node's copy, if any
            BlockTransitions.grant(meta, BlockState.READ);
            return;
        }
        if (!hasCopy(meta))
        {
            install(meta, AccessKind.READ, withData, payload, payloadOffset, payloadLength);
        }
        final ArrayDeque<Runnable> waiting = self == sequencer ? waitingForCopy.remove(blockId) : null;
        if (waiting != null)
        {
            waiting.forEach(Runnable::run);
        }
    }

    @Override
    public void onFieldWrite(final int sender, final int writer, final long blockId, final String className,
        final long requestId, final long seq, final int slot, final DirectBuffer value, final int valueOffset,
        final int valueLength)
    {
        if (seq == 0)
        {
            if (self != sequencer)
            {
                // a writer that already knows this node takes over from a dead sequencer: keep the write
                // until the take-over (or pass it to the sequencer if the writer was wrong)
                final byte[] copy = new byte[valueLength];
                value.getBytes(valueOffset, copy);
                misdirected.addLast(new Object[] {writer, blockId, className, requestId, slot, copy});
                return;
            }
            final BlockMeta meta = blocks.block(blockId);
            if (hasCopy(meta))
            {
                sequence(meta, writer, requestId, slot, value, valueOffset, valueLength);
            }
            else
            {
                final byte[] copy = new byte[valueLength];
                value.getBytes(valueOffset, copy);
                awaitCopy(blockId, () -> sequence(blocks.block(blockId), writer, requestId, slot,
                    new org.agrona.concurrent.UnsafeBuffer(copy), 0, copy.length));
            }
            return;
        }
        final BlockMeta meta = blocks.block(blockId);
        if (hasCopy(meta))
        {
            payloads.installSlot(meta, slot, value, valueOffset, valueLength);
        }
        applied = seq; // writes come from the sequencer in sequence order, over one stream
        if (writer == self)
        {
            valueWrites.complete(requestId);
        }
    }

    private void sequence(final BlockMeta meta, final int writer, final long requestId, final int slot,
        final DirectBuffer value, final int valueOffset, final int valueLength)
    {
        final long seq = ++sequence;
        payloads.installSlot(meta, slot, value, valueOffset, valueLength);
        applied = seq;
        final String className = meta.layout.type().getName();
        for (final int m : members)
        {
            if (m != self)
            {
                outbox.fieldWrite(wire, m, writer, meta.id, className, requestId, seq, slot, value, valueOffset, valueLength);
            }
        }
        if (writer == self)
        {
            valueWrites.complete(requestId);
        }
    }

    @Override
    public void onRefuse(final int sender, final long blockId, final String reason)
    {
        failFault(blockId, reason);
    }

    @Override
    public long releaseMark()
    {
        return applied;
    }

    /**
     * The writes the last holder of a lock had applied reach this node over the sequencer's stream
     * without another message: wait for them, bounded by the fault timeout.
     */
    @Override
    public void awaitMark(final long mark)
    {
        if (BrokenMode.SKIP_LOCK_FENCE || applied >= mark)
        {
            return;
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.faultTimeoutMs());
        int idle = 0;
        while (applied < mark)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new DsmTimeoutException("node " + self + " did not receive update " + mark + " from sequencer node " +
                    sequencer + " within " + config.faultTimeoutMs() + " ms (it has applied " + applied +
                    "); the lock's last holder wrote it before releasing: is the sequencer running?");
            }
            if (++idle < 100)
            {
                Thread.onSpinWait();
            }
            else if (idle < 1000)
            {
                Thread.yield();
            }
            else
            {
                LockSupport.parkNanos(50_000);
            }
        }
    }
}
