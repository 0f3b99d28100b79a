package io.dsm.runtime;

import org.agrona.DirectBuffer;

import io.dsm.api.Protocol;

/** What every protocol needs: its node, the outbox, its wire id, and the common block steps. */
abstract class ProtocolBase implements CoherenceProtocol
{
    final Protocol kind;
    final DsmNode node;
    final Outbox outbox;
    final NodeConfig config;
    final int self;
    /** The protocol's id on the wire. */
    final int wire;
    /** Every member, ascending. */
    final int[] members;

    ProtocolBase(final Protocol kind, final DsmNode node, final Outbox outbox, final NodeConfig config)
    {
        this.kind = kind;
        this.node = node;
        this.outbox = outbox;
        this.config = config;
        this.self = config.nodeId();
        this.wire = kind.ordinal();
        this.members = config.members().keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public Protocol kind()
    {
        return kind;
    }

    /** Installs received data and grants the access, then wakes the local threads waiting for it. */
    void install(final BlockMeta meta, final int access, final boolean withData,
        final DirectBuffer payload, final int payloadOffset, final int payloadLength)
    {
        if (withData)
        {
            PayloadCodec.install(meta, payload, payloadOffset, payloadLength);
        }
        BlockTransitions.grant(meta, access == AccessKind.WRITE ? BlockState.WRITE : BlockState.READ);
        node.completePending(meta);
    }

    /** The block, or a refusal to the requester when this node does not know it. */
    BlockMeta blockOrRefuse(final long blockId, final int requester, final String role)
    {
        final BlockMeta meta = node.block(blockId);
        if (meta == null)
        {
            outbox.refuse(wire, requester, blockId, "node " + self + " was asked for block " + BlockIds.format(blockId) +
                " as its " + role + " but does not know it");
        }
        return meta;
    }

    boolean hasPendingWrite(final BlockMeta meta)
    {
        synchronized (meta)
        {
            return meta.pending != null && meta.pendingAccess == AccessKind.WRITE;
        }
    }

    static long bit(final int node)
    {
        return 1L << node;
    }
}
