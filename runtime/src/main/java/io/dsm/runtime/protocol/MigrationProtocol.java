package io.dsm.runtime.protocol;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import io.dsm.api.Protocol;
import io.dsm.runtime.block.AccessKind;
import io.dsm.runtime.block.BlockIds;
import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.wire.RecoveryEntries;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.block.BlockTransitions;
import io.dsm.runtime.wire.Outbox;

/**
 * The migration algorithm (Stumm and Zhou 1990): a single copy of each block that moves to whichever node
 * faults, for a read or a write alike (single reader, single writer). A central manager tracks
 * the owner and serialises requests, as for read replication:
 *
 * <pre>
 * requester -> manager:   AccessRequest
 * manager   -> owner:     AccessRequest(forwarded)
 * owner     -> requester: BlockGrant(WRITE, data)     the block leaves the owner
 * requester -> manager:   Confirm(WRITE)
 * </pre>
 *
 * Thrashing control: a node keeps a block it received for at least {@code dsm.migration.hold.ms}
 * before it lets it go; requests that arrive earlier wait in a queue that the protocol agent
 * serves when the hold time has passed, so a node can make several accesses per migration.
 */
final class MigrationProtocol extends ProtocolBase
{
    private static final class Entry
    {
        int owner;
        boolean busy;
        final ArrayDeque<Integer> queue = new ArrayDeque<>(2);

        Entry(final int owner)
        {
            this.owner = owner;
        }
    }

    private final int configuredManager;
    private final long holdNs;
    private final Long2ObjectHashMap<Entry> entries = new Long2ObjectHashMap<>();
    /** Forwarded requests waiting for the hold time: {requester, blockId} pairs in arrival order. */
    private final ArrayDeque<long[]> deferred = new ArrayDeque<>();

    MigrationProtocol(final ProtocolContext context)
    {
        super(Protocol.MIGRATION, context);
        this.configuredManager = config.managerNode();
        this.holdNs = TimeUnit.MILLISECONDS.toNanos(config.migrationHoldMs());
    }

    /** The configured manager, or its stand-in once it died. */
    private int manager()
    {
        return view.standIn(configuredManager);
    }

    @Override
    public void recoveryBegins()
    {
        entries.clear();
        deferred.clear();
    }

    @Override
    public void recover(final long blockId, final BlockMeta meta, final int owner, final long copyset)
    {
        if (self == manager() && owner != RecoveryEntries.LOST)
        {
            entries.put(blockId, new Entry(owner));
        }
    }

    @Override
    public String route(final BlockMeta meta)
    {
        return "manager node " + manager();
    }

    @Override
    public void requestAccess(final BlockMeta meta, final int access)
    {
        outbox.accessRequest(wire, manager(), self, meta.id, AccessKind.WRITE, false);
    }

    @Override
    public void onAccessRequest(
        final int sender, final int requester, final long blockId, final int access, final boolean forwarded)
    {
        if (forwarded)
        {
            deferred.addLast(new long[] {requester, blockId});
            serveDeferred();
            return;
        }
        if (self != manager())
        {
            outbox.refuse(wire, requester, blockId, "node " + self + " is not the migration manager; node " + manager() + " is");
            return;
        }
        Entry e = entries.get(blockId);
        if (e == null)
        {
            e = new Entry(BlockIds.creator(blockId));
            entries.put(blockId, e);
        }
        if (e.busy)
        {
            e.queue.addLast(requester);
        }
        else
        {
            e.busy = true;
            outbox.accessRequest(wire, e.owner, requester, blockId, AccessKind.WRITE, true);
        }
    }

    @Override
    public int doWork()
    {
        return deferred.isEmpty() ? 0 : serveDeferred();
    }

    /** Ships every deferred block whose hold time has passed, in arrival order per block. */
    private int serveDeferred()
    {
        int served = 0;
        final long now = System.nanoTime();
        for (int i = deferred.size(); i > 0; i--)
        {
            final long[] request = deferred.pollFirst();
            final int requester = (int)request[0];
            final long blockId = request[1];
            final BlockMeta meta = blocks.block(blockId);
            if (meta == null || !meta.owner)
            {
                outbox.refuse(wire, requester, blockId, "node " + self + " was asked to migrate block " +
                    BlockIds.format(blockId) + " but does not hold it");
                served++;
                continue;
            }
            if (requester == self)
            {
                meta.completeFault(); // the holder itself asked again: it has the block
                outbox.confirm(wire, manager(), blockId, AccessKind.WRITE);
                served++;
                continue;
            }
            if (now - meta.acquiredAtNs < holdNs)
            {
                deferred.addLast(request); // still held: try again on a later duty cycle
                continue;
            }
            BlockTransitions.revoke(meta, BlockState.INVALID);
            meta.owner = false;
            outbox.blockGrant(wire, requester, meta, AccessKind.WRITE, true);
            served++;
        }
        return served;
    }

    @Override
    public void onBlockGrant(
        final int sender, final long blockId, final int access, final boolean withData, final long copyset,
        final int changes, final String className, final DirectBuffer payload, final int payloadOffset, final int payloadLength)
    {
        final BlockMeta meta = blocks.replicaMeta(blockId, className);
        meta.owner = true;
        meta.acquiredAtNs = System.nanoTime();
        install(meta, AccessKind.WRITE, withData, payload, payloadOffset, payloadLength);
        outbox.confirm(wire, manager(), blockId, AccessKind.WRITE);
    }

    @Override
    public void onConfirm(final int sender, final long blockId, final int access)
    {
        final Entry e = entries.get(blockId);
        if (e == null || !e.busy)
        {
            throw new IllegalStateException("unexpected Confirm from node " + sender + " for block " + BlockIds.format(blockId));
        }
        if (access == AccessKind.WRITE)
        {
            e.owner = sender;
        }
        e.busy = false;
        final Integer next = e.queue.pollFirst();
        if (next != null)
        {
            e.busy = true;
            outbox.accessRequest(wire, e.owner, next, blockId, AccessKind.WRITE, true);
        }
    }

    @Override
    public void onRefuse(final int sender, final long blockId, final String reason)
    {
        failFault(blockId, reason);
        outbox.confirm(wire, manager(), blockId, AccessKind.NONE);
    }
}
