package io.dsm.runtime.protocol;

import org.agrona.DirectBuffer;

import io.dsm.api.BlockLostException;
import io.dsm.api.Protocol;
import io.dsm.runtime.block.AccessKind;
import io.dsm.runtime.block.BlockIds;
import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.block.BlockTransitions;
import io.dsm.runtime.wire.RecoveryEntries;
import io.dsm.runtime.wire.Outbox;

/**
 * The central server algorithm: no copies are cached. A block's server is its home, the node that
 * created it, which holds the only data; every access elsewhere is a request to it.
 *
 * <pre>
 * read:  reader -> server: AccessRequest(READ); server -> reader: BlockGrant(NONE, data)
 *        the data is installed for this one access; the block stays invalid at the reader
 * write: writer -> server: FieldWrite(field, value); server -> writer: FieldWriteAck
 * </pre>
 *
 * The server's own threads access its copy directly (it is writable there); a remote write is
 * applied with the block briefly BUSY, after local writes in flight are done.
 */
final class CentralServerProtocol extends ProtocolBase
{
    CentralServerProtocol(final ProtocolContext context)
    {
        super(Protocol.CENTRAL_SERVER, context);
    }

    private static int server(final long blockId)
    {
        return BlockIds.creator(blockId);
    }

    @Override
    public String route(final BlockMeta meta)
    {
        return "server node " + server(meta.id);
    }

    @Override
    public void requestAccess(final BlockMeta meta, final int access)
    {
        outbox.accessRequest(wire, server(meta.id), self, meta.id, AccessKind.READ, false);
    }

    @Override
    public void recover(final long blockId, final BlockMeta meta, final int owner, final long copyset)
    {
        if (owner == RecoveryEntries.LOST)
        {
            valueWrites.failBlock(blockId, "block " + BlockIds.format(blockId) + " was lost: its server node " + server(blockId) +
                " died before this write was known to be applied");
        }
    }

    @Override
    public boolean write(final BlockMeta meta, final int slot, final Object value)
    {
        final String lost = meta.lostReason();
        if (lost != null)
        {
            throw new BlockLostException(lost, meta.id, meta.layout.type().getName(), meta.lostWith());
        }
        if (server(meta.id) == self)
        {
            return false; // the server writes its own copy on the fast path
        }
        final long requestId = valueWrites.begin(meta.id);
        outbox.fieldWrite(wire, server(meta.id), self, meta, requestId, 0, slot, value);
        valueWrites.await(meta, requestId);
        return true;
    }

    @Override
    public void onAccessRequest(
        final int sender, final int requester, final long blockId, final int access, final boolean forwarded)
    {
        final BlockMeta meta = blockOrRefuse(blockId, requester, "server");
        if (meta != null)
        {
            outbox.blockGrant(wire, requester, meta, AccessKind.NONE, true);
        }
    }

    @Override
    public void onBlockGrant(
        final int sender, final long blockId, final int access, final boolean withData, final long copyset,
        final int changes, final String className, final DirectBuffer payload, final int payloadOffset, final int payloadLength)
    {
        final BlockMeta meta = blocks.replicaMeta(blockId, className);
        payloads.install(meta, payload, payloadOffset, payloadLength);
        meta.completeFaultOnce();
    }

    @Override
    public void onFieldWrite(final int sender, final int writer, final long blockId, final String className,
        final long requestId, final long sequence, final int slot, final DirectBuffer value, final int valueOffset,
        final int valueLength)
    {
        final BlockMeta meta = blockOrRefuse(blockId, sender, "server");
        if (meta == null)
        {
            return;
        }
        BlockTransitions.revoke(meta, BlockState.BUSY);
        try
        {
            payloads.installSlot(meta, slot, value, valueOffset, valueLength);
        }
        finally
        {
            BlockTransitions.grant(meta, BlockState.WRITE);
        }
        outbox.fieldWriteAck(wire, sender, blockId, requestId);
    }

    @Override
    public void onFieldWriteAck(final int sender, final long blockId, final long requestId)
    {
        valueWrites.complete(requestId);
    }

    @Override
    public void onRefuse(final int sender, final long blockId, final String reason)
    {
        failFault(blockId, reason);
        valueWrites.failBlock(blockId, reason); // the writes to other blocks and servers go on
    }
}
