package io.dsm.runtime.protocol;

import java.util.ArrayDeque;

import org.agrona.DirectBuffer;

import io.dsm.api.Protocol;
import io.dsm.runtime.block.AccessKind;
import io.dsm.runtime.block.BlockIds;
import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.wire.RecoveryEntries;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.block.BlockTransitions;
import io.dsm.runtime.block.BrokenMode;
import io.dsm.runtime.wire.Outbox;

/**
 * Read replication with Li and Hudak's dynamic distributed manager (Li and Hudak 1989): no manager at
 * all. Every node keeps a probable owner per block and sends its request there; a node that is
 * not the owner forwards it along its own probable owner, and for a write points its probable
 * owner at the requester. The owner keeps the copyset and hands it over with ownership; the new
 * owner invalidates it. Every {@code dsm.dynamic.broadcast.every} ownership changes the new owner
 * tells every node where the block is, which shortens the chains.
 *
 * <pre>
 * read fault:  requester -> probOwner -> ... -> owner: AccessRequest(READ)   1 + forwards
 *              owner     -> requester: BlockGrant(READ, data)               owner adds it to the copyset
 * write fault: requester -> probOwner -> ... -> owner: AccessRequest(WRITE)  1 + forwards
 *              owner     -> requester: BlockGrant(WRITE, data, copyset)
 *              requester -> each copy holder: Invalidate, holder -> requester: InvalidateAck   2c
 * </pre>
 *
 * One difference from their pseudo-code: a node forwarding a READ request does not point its
 * probable owner at the reader (their read server does), since a reader does not become the
 * owner and would only lengthen later chains; Li and Hudak update it on writes only.
 *
 * The new owner invalidates copies that the old owner granted, over another channel than the
 * grants: an Invalidate can overtake the read copy it is meant to remove. A node whose read
 * request is still unanswered therefore holds the Invalidate back (as their invalidate
 * server waits for the page lock) until the copy arrives; the copy then serves the waiting reads
 * once, stays invalid, and only then is the invalidation acknowledged.
 */
final class DynamicManagerProtocol extends ProtocolBase
{
    private static final class State
    {
        int probOwner;
        long copyset;
        int changes;
        boolean invalidating;
        int acksPending;
        /** This node sent a READ request and has not had its copy yet. */
        boolean awaitingReadCopy;
        /** The node whose Invalidate arrived before the copy it invalidates; -1 if none. */
        int invalidateAfterCopy = -1;
        final ArrayDeque<long[]> queue = new ArrayDeque<>(2);

        State(final int probOwner)
        {
            this.probOwner = probOwner;
        }
    }

    private final int broadcastEvery;

    DynamicManagerProtocol(final ProtocolContext context)
    {
        super(Protocol.IVY_DYNAMIC, context);
        this.broadcastEvery = config.dynamicBroadcastEvery();
    }

    @Override
    public void recover(final long blockId, final BlockMeta meta, final int owner, final long copyset)
    {
        if (meta != null)
        {
            // a fresh record: requests, acknowledgements and queues in flight are moot, faults are asked again
            final State st = new State(owner == RecoveryEntries.LOST ? self : owner);
            if (owner == self)
            {
                st.copyset = copyset;
            }
            meta.protocolState = st;
        }
    }

    private State state(final BlockMeta meta)
    {
        if (meta.protocolState == null)
        {
            meta.protocolState = new State(BlockIds.creator(meta.id));
        }
        return (State)meta.protocolState;
    }

    @Override
    public String route(final BlockMeta meta)
    {
        return "its probable owner";
    }

    @Override
    public void requestAccess(final BlockMeta meta, final int access)
    {
        outbox.accessRequest(wire, self, self, meta.id, access, false); // the agent knows the probable owner
    }

    @Override
    public void onAccessRequest(
        final int sender, final int requester, final long blockId, final int access, final boolean forwarded)
    {
        final BlockMeta meta = blocks.block(blockId);
        if (meta == null)
        {
            outbox.refuse(wire, requester, blockId, "node " + self + " is on the owner chain of block " +
                BlockIds.format(blockId) + " but does not know it");
            return;
        }
        final State st = state(meta);
        if (meta.owner)
        {
            if (st.invalidating)
            {
                st.queue.addLast(new long[] {requester, access});
            }
            else
            {
                serve(meta, st, requester, access);
            }
        }
        else if (requester == self && sender == self)
        {
            st.awaitingReadCopy |= access == AccessKind.READ;
            outbox.accessRequest(wire, st.probOwner, self, blockId, access, true);
        }
        else if (meta.hasPendingWrite())
        {
            st.queue.addLast(new long[] {requester, access}); // ownership is on its way here
        }
        else
        {
            outbox.accessRequest(wire, st.probOwner, requester, blockId, access, true);
            if (access == AccessKind.WRITE)
            {
                st.probOwner = requester;
            }
        }
    }

    private void serve(final BlockMeta meta, final State st, final int requester, final int access)
    {
        if (requester == self)
        {
            if (access == AccessKind.WRITE && BlockState.mode(meta.state()) != BlockState.WRITE)
            {
                invalidateCopies(meta, st); // the owner upgrades its own read copy
            }
            else
            {
                meta.completeFault();
            }
            return;
        }
        if (access == AccessKind.READ)
        {
            BlockTransitions.revoke(meta, BlockState.READ);
            st.copyset |= bit(requester);
            outbox.blockGrant(wire, requester, meta, AccessKind.READ, true);
            return;
        }
        BlockTransitions.revoke(meta, BlockState.INVALID);
        meta.owner = false;
        final long copyset = st.copyset;
        st.copyset = 0;
        st.probOwner = requester;
        outbox.blockGrant(wire, requester, meta, AccessKind.WRITE, true, copyset, st.changes + 1);
        drainQueue(meta, st);
    }

    private void invalidateCopies(final BlockMeta meta, final State st)
    {
        final long targets = st.copyset & ~bit(self);
        st.copyset = 0;
        if (targets == 0)
        {
            becomeWritable(meta, st);
            return;
        }
        st.invalidating = true;
        st.acksPending = Long.bitCount(targets);
        for (long t = targets; t != 0; t &= t - 1)
        {
            outbox.invalidate(wire, Long.numberOfTrailingZeros(t), meta.id);
        }
    }

    private void becomeWritable(final BlockMeta meta, final State st)
    {
        st.invalidating = false;
        BlockTransitions.grant(meta, BlockState.WRITE);
        meta.completeFault();
        drainQueue(meta, st);
    }

    private void drainQueue(final BlockMeta meta, final State st)
    {
        long[] r;
        while (!st.invalidating && (r = st.queue.pollFirst()) != null)
        {
            onAccessRequest(self, (int)r[0], meta.id, (int)r[1], true);
        }
    }

    @Override
    public void onBlockGrant(
        final int sender, final long blockId, final int access, final boolean withData, final long copyset,
        final int changes, final String className, final DirectBuffer payload, final int payloadOffset, final int payloadLength)
    {
        final BlockMeta meta = blocks.replicaMeta(blockId, className);
        final State st = state(meta);
        if (access == AccessKind.READ)
        {
            st.awaitingReadCopy = false;
            if (meta.owner)
            {
                return; // a late copy for a request we no longer need
            }
            if (st.invalidateAfterCopy >= 0)
            {
                serveOnceThenAcknowledge(meta, st, withData, payload, payloadOffset, payloadLength);
                return;
            }
            st.probOwner = sender;
            install(meta, AccessKind.READ, withData, payload, payloadOffset, payloadLength);
            return;
        }
        meta.owner = true;
        st.probOwner = self;
        st.changes = changes;
        if (withData)
        {
            payloads.install(meta, payload, payloadOffset, payloadLength);
        }
        BlockTransitions.grant(meta, BlockState.READ); // readable now; writable once the copies are gone
        st.copyset = copyset;
        if (broadcastEvery > 0 && changes % broadcastEvery == 0)
        {
            for (final int m : members)
            {
                if (m != self)
                {
                    outbox.ownerChanged(wire, m, blockId, self);
                }
            }
        }
        invalidateCopies(meta, st);
    }

    /**
     * The copy an Invalidate overtook: the reads waiting for it see it once (they were served
     * before the write that invalidates it), the block stays invalid, and the new owner hears
     * only now that the copy is gone.
     */
    private void serveOnceThenAcknowledge(final BlockMeta meta, final State st, final boolean withData,
        final DirectBuffer payload, final int payloadOffset, final int payloadLength)
    {
        final int invalidator = st.invalidateAfterCopy;
        st.invalidateAfterCopy = -1;
        if (withData)
        {
            payloads.install(meta, payload, payloadOffset, payloadLength);
        }
        meta.serveReadFaultOnce();
        outbox.invalidateAck(wire, invalidator, meta.id);
    }

    @Override
    public void onInvalidate(final int sender, final long blockId)
    {
        final BlockMeta meta = blocks.block(blockId);
        if (meta != null && !meta.owner)
        {
            final State st = state(meta);
            st.probOwner = sender;
            if (st.awaitingReadCopy && !BrokenMode.SKIP_INVALIDATION)
            {
                st.invalidateAfterCopy = sender; // acknowledged once the copy it overtook has arrived
                return;
            }
            if (!BrokenMode.SKIP_INVALIDATION)
            {
                BlockTransitions.revoke(meta, BlockState.INVALID);
            }
        }
        outbox.invalidateAck(wire, sender, blockId);
    }

    @Override
    public void onInvalidateAck(final int sender, final long blockId)
    {
        final BlockMeta meta = blocks.block(blockId);
        final State st = meta == null ? null : state(meta);
        if (st == null || !st.invalidating || st.acksPending <= 0)
        {
            throw new IllegalStateException("unexpected InvalidateAck from node " + sender + " for block " + BlockIds.format(blockId));
        }
        if (--st.acksPending == 0)
        {
            becomeWritable(meta, st);
        }
    }

    @Override
    public void onOwnerChanged(final int sender, final long blockId, final int owner)
    {
        final BlockMeta meta = blocks.block(blockId);
        if (meta != null && !meta.owner)
        {
            state(meta).probOwner = owner;
        }
    }

    @Override
    public void onRefuse(final int sender, final long blockId, final String reason)
    {
        failFault(blockId, reason);
    }
}
