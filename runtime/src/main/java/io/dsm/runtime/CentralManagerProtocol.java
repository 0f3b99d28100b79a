package io.dsm.runtime;

import java.util.ArrayDeque;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Read replication with write-invalidate under a central manager (IVY, Li and Hudak 1989, the
 * "improved centralized manager" of seed 003): one node keeps, per block, the owner and the
 * copyset and serialises requests for the block; the owner ships copies.
 *
 * <pre>
 * read fault:  requester -> manager: AccessRequest(READ)
 *              manager   -> owner:   AccessRequest(READ, forwarded)
 *              owner     -> requester: BlockGrant(READ, data)      owner keeps a read copy
 *              requester -> manager: Confirm(READ)                 manager adds requester to copyset
 * write fault: requester -> manager: AccessRequest(WRITE)
 *              manager   -> each copy holder: Invalidate, holder -> manager: InvalidateAck
 *              manager   -> owner:   AccessRequest(WRITE, forwarded)
 *              owner     -> requester: BlockGrant(WRITE, data)     ownership moves
 *              requester -> manager: Confirm(WRITE)                manager records the new owner
 * </pre>
 *
 * Until the Confirm arrives the manager holds further requests for the block in a queue (the
 * Info[p].lock of the pseudo-code). Messages a node sends to itself are not network messages.
 */
final class CentralManagerProtocol implements CoherenceProtocol
{
    /** The manager's record of one block. */
    private static final class Entry
    {
        int owner;
        long copyset;
        boolean busy;
        int requester;
        int access;
        int acksPending;
        final ArrayDeque<long[]> queue = new ArrayDeque<>(2);

        Entry(final int owner)
        {
            this.owner = owner;
        }
    }

    private final DsmNode node;
    private final Outbox outbox;
    private final int self;
    private final int manager;
    private final Long2ObjectHashMap<Entry> entries = new Long2ObjectHashMap<>();

    CentralManagerProtocol(final DsmNode node, final Outbox outbox, final int manager)
    {
        this.node = node;
        this.outbox = outbox;
        this.self = node.id();
        this.manager = manager;
    }

    @Override
    public void requestAccess(final BlockMeta meta, final int access)
    {
        outbox.accessRequest(manager, self, meta.id, access, false);
    }

    @Override
    public String route(final BlockMeta meta)
    {
        if (self == manager)
        {
            // a racy read of agent-confined state, good enough for an error message
            final Entry e = entries.get(meta.id);
            return "manager node " + manager + " (this node) forwarded it to owner node " +
                (e == null ? BlockIds.creator(meta.id) : e.owner);
        }
        return "manager node " + manager;
    }

    @Override
    public void onAccessRequest(
        final int sender, final int requester, final long blockId, final int access, final boolean forwarded)
    {
        if (forwarded)
        {
            serveAsOwner(requester, blockId, access);
            return;
        }
        if (self != manager)
        {
            outbox.refuse(requester, blockId, "node " + self + " is not the manager; node " + manager + " is");
            return;
        }
        Entry e = entries.get(blockId);
        if (e == null)
        {
            // until the first transfer the creator owns the block: no registration message needed
            e = new Entry(BlockIds.creator(blockId));
            entries.put(blockId, e);
        }
        if (e.busy)
        {
            e.queue.addLast(new long[] {requester, access});
        }
        else
        {
            start(e, blockId, requester, access);
        }
    }

    private void start(final Entry e, final long blockId, final int requester, final int access)
    {
        e.busy = true;
        e.requester = requester;
        e.access = access;
        if (access == AccessKind.READ)
        {
            outbox.accessRequest(e.owner, requester, blockId, AccessKind.READ, true);
            return;
        }
        final long targets = e.copyset & ~(1L << requester) & ~(1L << e.owner);
        e.acksPending = Long.bitCount(targets);
        if (e.acksPending == 0)
        {
            outbox.accessRequest(e.owner, requester, blockId, AccessKind.WRITE, true);
            return;
        }
        for (long t = targets; t != 0; t &= t - 1)
        {
            outbox.invalidate(Long.numberOfTrailingZeros(t), blockId);
        }
    }

    @Override
    public void onInvalidateAck(final int sender, final long blockId)
    {
        final Entry e = entries.get(blockId);
        if (e == null || !e.busy || e.acksPending <= 0)
        {
            throw new IllegalStateException("unexpected InvalidateAck from node " + sender + " for block " + BlockIds.format(blockId));
        }
        if (--e.acksPending == 0)
        {
            outbox.accessRequest(e.owner, e.requester, blockId, AccessKind.WRITE, true);
        }
    }

    @Override
    public void onConfirm(final int sender, final long blockId, final int access)
    {
        final Entry e = entries.get(blockId);
        if (e == null || !e.busy || e.requester != sender)
        {
            throw new IllegalStateException("unexpected Confirm from node " + sender + " for block " + BlockIds.format(blockId));
        }
        if (access == AccessKind.READ)
        {
            e.copyset |= 1L << sender;
        }
        else if (access == AccessKind.WRITE)
        {
            e.owner = sender;
            e.copyset = 0;
        }
        e.busy = false;
        final long[] next = e.queue.pollFirst();
        if (next != null)
        {
            start(e, blockId, (int)next[0], (int)next[1]);
        }
    }

    private void serveAsOwner(final int requester, final long blockId, final int access)
    {
        final BlockMeta meta = node.block(blockId);
        if (meta == null || !meta.owner)
        {
            outbox.refuse(requester, blockId, "node " + self + " was asked for block " + BlockIds.format(blockId) +
                " as its owner but " + (meta == null ? "does not know it" : "does not own it"));
            return;
        }
        if (requester == self)
        {
            // the owner itself faulted: a write upgrades its read copy in place, no data moves
            if (access == AccessKind.WRITE)
            {
                BlockTransitions.grant(meta, BlockState.WRITE);
            }
            node.completePending(meta);
            outbox.confirm(manager, blockId, access == AccessKind.WRITE ? AccessKind.WRITE : AccessKind.NONE);
            return;
        }
        if (access == AccessKind.READ)
        {
            BlockTransitions.revoke(meta, BlockState.READ);
            outbox.blockGrant(requester, meta, AccessKind.READ, true);
        }
        else
        {
            BlockTransitions.revoke(meta, BlockState.INVALID);
            meta.owner = false;
            outbox.blockGrant(requester, meta, AccessKind.WRITE, true);
        }
    }

    @Override
    public void onBlockGrant(
        final int sender, final long blockId, final int access, final boolean withData, final String className,
        final DirectBuffer payload, final int payloadOffset, final int payloadLength)
    {
        final BlockMeta meta = node.replicaMeta(blockId, className);
        if (withData)
        {
            PayloadCodec.install(meta, payload, payloadOffset, payloadLength);
        }
        meta.owner = access == AccessKind.WRITE;
        BlockTransitions.grant(meta, access == AccessKind.WRITE ? BlockState.WRITE : BlockState.READ);
        node.completePending(meta);
        outbox.confirm(manager, blockId, access);
    }

    @Override
    public void onInvalidate(final int sender, final long blockId)
    {
        final BlockMeta meta = node.block(blockId);
        if (meta != null && !meta.owner && !BrokenMode.SKIP_INVALIDATION)
        {
            BlockTransitions.revoke(meta, BlockState.INVALID);
        }
        outbox.invalidateAck(sender, blockId);
    }

    @Override
    public void onRefuse(final int sender, final long blockId, final String reason)
    {
        final BlockMeta meta = node.block(blockId);
        if (meta != null)
        {
            node.failPending(meta, reason);
        }
        outbox.confirm(manager, blockId, AccessKind.NONE);
    }
}
