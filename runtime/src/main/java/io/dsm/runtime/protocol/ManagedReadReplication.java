package io.dsm.runtime.protocol;

import java.util.ArrayDeque;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import io.dsm.api.Protocol;
import io.dsm.runtime.block.AccessKind;
import io.dsm.runtime.block.BlockIds;
import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.block.BlockTransitions;
import io.dsm.runtime.wire.Outbox;
import io.dsm.runtime.wire.RecoveryEntries;

/**
 * Read replication with write-invalidate where a manager keeps, per block, the owner and the
 * copyset and serialises requests for the block until the requester confirms (IVY, Li and Hudak
 * 1989, their "Monitor Central Manager"). The owner ships copies. Subclasses decide how the
 * manager brings the requester and the owner together, and the {@link ManagerLocator} which node
 * manages a block. Messages a node sends to itself are not network messages.
 */
abstract class ManagedReadReplication extends ProtocolBase
{
    /** The manager's record of one block. */
    static final class Entry
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

    private final ManagerLocator locator;
    private final Long2ObjectHashMap<Entry> entries = new Long2ObjectHashMap<>();

    ManagedReadReplication(final Protocol kind, final ProtocolContext context,
        final ManagerLocator locator)
    {
        super(kind, context);
        this.locator = locator;
    }

    /** The block's manager: the locator's choice, or its stand-in once that node died. */
    int managerOf(final long blockId)
    {
        return view.standIn(locator.managerOf(blockId));
    }

    @Override
    public void recoveryBegins()
    {
        entries.clear();
    }

    @Override
    public void recover(final long blockId, final BlockMeta meta, final int owner, final long copyset)
    {
        if (self == managerOf(blockId))
        {
            final Entry e = new Entry(owner);
            e.copyset = owner == RecoveryEntries.LOST ? 0 : copyset;
            entries.put(blockId, e);
        }
    }

    /** The manager has serialised the request (and, for a write, invalidated the copies): connect requester and owner. */
    abstract void connect(Entry e, long blockId);

    @Override
    public String route(final BlockMeta meta)
    {
        final int manager = managerOf(meta.id);
        if (self == manager)
        {
            final Entry e = entries.get(meta.id); // a racy read of agent-confined state, for an error message
            return "manager node " + manager + " (this node), owner node " + (e == null ? BlockIds.creator(meta.id) : e.owner);
        }
        return "manager node " + manager;
    }

    @Override
    public void requestAccess(final BlockMeta meta, final int access)
    {
        outbox.accessRequest(wire, managerOf(meta.id), self, meta.id, access, false);
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
        if (self != managerOf(blockId))
        {
            outbox.refuse(wire, requester, blockId, "node " + self + " is not the manager of block " + BlockIds.format(blockId));
            return;
        }
        Entry e = entries.get(blockId);
        if (e == null)
        {
            // until the first transfer the creator owns the block: no registration message needed
            e = new Entry(BlockIds.creator(blockId));
            entries.put(blockId, e);
        }
        if (e.owner == RecoveryEntries.LOST)
        {
            outbox.refuse(wire, requester, blockId, "block " + BlockIds.format(blockId) +
                " was lost: every copy of it was on nodes that died");
            return;
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
            connect(e, blockId);
            return;
        }
        final long targets = e.copyset & ~bit(requester) & ~bit(e.owner);
        e.acksPending = Long.bitCount(targets);
        if (e.acksPending == 0)
        {
            connect(e, blockId);
            return;
        }
        for (long t = targets; t != 0; t &= t - 1)
        {
            outbox.invalidate(wire, Long.numberOfTrailingZeros(t), blockId);
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
            connect(e, blockId);
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
            e.copyset |= bit(sender);
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

    /** The owner's side: downgrade and ship a copy, or give up the block with ownership. */
    void serveAsOwner(final int requester, final long blockId, final int access)
    {
        final BlockMeta meta = blocks.block(blockId);
        if (meta == null || !meta.owner)
        {
            outbox.refuse(wire, requester, blockId, "node " + self + " was asked for block " + BlockIds.format(blockId) +
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
            meta.completeFault();
            outbox.confirm(wire, managerOf(blockId), blockId, access == AccessKind.WRITE ? AccessKind.WRITE : AccessKind.NONE);
            return;
        }
        if (access == AccessKind.READ)
        {
            BlockTransitions.revoke(meta, BlockState.READ);
            outbox.blockGrant(wire, requester, meta, AccessKind.READ, true);
        }
        else
        {
            BlockTransitions.revoke(meta, BlockState.INVALID);
            meta.owner = false;
            outbox.blockGrant(wire, requester, meta, AccessKind.WRITE, true);
        }
    }

    @Override
    public void onBlockGrant(
        final int sender, final long blockId, final int access, final boolean withData, final long copyset,
        final int changes, final String className, final DirectBuffer payload, final int payloadOffset, final int payloadLength)
    {
        final BlockMeta meta = blocks.replicaMeta(blockId, className);
        meta.owner = access == AccessKind.WRITE;
        install(meta, access, withData, payload, payloadOffset, payloadLength);
        outbox.confirm(wire, managerOf(blockId), blockId, access);
    }

    @Override
    public void onInvalidate(final int sender, final long blockId)
    {
        dropCopyAndAcknowledge(sender, blockId);
    }

    @Override
    public void onRefuse(final int sender, final long blockId, final String reason)
    {
        failFault(blockId, reason);
        outbox.confirm(wire, managerOf(blockId), blockId, AccessKind.NONE);
    }
}
