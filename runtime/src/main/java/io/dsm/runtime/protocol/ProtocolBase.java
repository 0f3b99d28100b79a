package io.dsm.runtime.protocol;

import org.agrona.DirectBuffer;

import io.dsm.api.Protocol;
import io.dsm.runtime.block.AccessKind;
import io.dsm.runtime.block.BlockIds;
import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.block.BlockTransitions;
import io.dsm.runtime.block.BrokenMode;
import io.dsm.runtime.config.NodeConfig;
import io.dsm.runtime.membership.View;
import io.dsm.runtime.wire.Outbox;
import io.dsm.runtime.wire.PayloadCodec;

/** What every protocol needs: its context's parts, its wire id, and the common block steps. */
abstract class ProtocolBase implements CoherenceProtocol
{
    final Protocol kind;
    final BlockDirectory blocks;
    final PayloadCodec payloads;
    final ValueWrites valueWrites;
    final Outbox outbox;
    final NodeConfig config;
    final View view;
    final int self;
    /** The protocol's id on the wire. */
    final int wire;
    /** Every member, ascending. */
    final int[] members;

    ProtocolBase(final Protocol kind, final ProtocolContext context)
    {
        this.kind = kind;
        this.blocks = context.blocks();
        this.payloads = context.payloads();
        this.valueWrites = context.valueWrites();
        this.outbox = context.outbox();
        this.config = context.config();
        this.view = context.view();
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
            payloads.install(meta, payload, payloadOffset, payloadLength);
        }
        BlockTransitions.grant(meta, access == AccessKind.WRITE ? BlockState.WRITE : BlockState.READ);
        meta.completeFault();
    }

    /** The block, or a refusal to the requester when this node does not know it. */
    BlockMeta blockOrRefuse(final long blockId, final int requester, final String role)
    {
        final BlockMeta meta = blocks.block(blockId);
        if (meta == null)
        {
            outbox.refuse(wire, requester, blockId, "node " + self + " was asked for block " + BlockIds.format(blockId) +
                " as its " + role + " but does not know it");
        }
        return meta;
    }

    /** A peer refused this node's request for the block: the threads waiting for it learn why. */
    void failFault(final long blockId, final String reason)
    {
        final BlockMeta meta = blocks.block(blockId);
        if (meta != null)
        {
            meta.failFault(reason);
        }
    }

    /** Write-invalidate at a copy holder: the read copy goes (an owner keeps its block), then the acknowledgement. */
    void dropCopyAndAcknowledge(final int sender, final long blockId)
    {
        final BlockMeta meta = blocks.block(blockId);
        if (meta != null && !meta.owner && !BrokenMode.SKIP_INVALIDATION)
        {
            BlockTransitions.revoke(meta, BlockState.INVALID);
        }
        outbox.invalidateAck(wire, sender, blockId);
    }

    static long bit(final int node)
    {
        return 1L << node;
    }
}
