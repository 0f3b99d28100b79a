package io.dsm.runtime.protocol;

import org.agrona.DirectBuffer;

import io.dsm.api.Protocol;
import io.dsm.runtime.block.BlockIds;
import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.BlockProtocol;
import io.dsm.runtime.wire.BlockMessageHandler;
import io.dsm.runtime.wire.SeenRequests;

/**
 * One coherence algorithm. Application threads hand it faults ({@link BlockProtocol}); the
 * dispatcher hands it the block messages addressed to it, on the protocol agent thread; the
 * protocol decides who is asked, who ships data, and which block states change. All it sees of
 * its node is a {@link ProtocolContext}. Implementations are confined to the agent thread except
 * the {@link BlockProtocol} methods. A message a protocol does not use is a protocol error: the
 * default handlers throw, and the dispatcher counts it.
 */
public interface CoherenceProtocol extends BlockProtocol, BlockMessageHandler
{
    Protocol kind();

    /** Timed work of the protocol (deferred requests); called every duty cycle of the agent. */
    default int doWork()
    {
        return 0;
    }

    /**
     * Recovery: a plan is about to be applied. Forget every request in flight (queues, deferred
     * requests, awaited acknowledgements, manager records): the plan rebuilds what survives, and every
     * node asks its pending faults again once the plan is applied.
     */
    default void recoveryBegins()
    {
    }

    /**
     * Recovery: the block's new owner ({@link io.dsm.runtime.wire.RecoveryEntries#LOST} when every
     * copy died) and the survivors holding a read copy. {@code meta} is null when this node never saw
     * the block (it may still manage it). The node has already set {@code meta.owner} and marked a lost
     * block; the protocol rebuilds its own records.
     */
    default void recover(long blockId, BlockMeta meta, int owner, long copyset)
    {
    }

    default void onAccessRequest(int sender, int requester, long blockId, int access, boolean forwarded)
    {
        throw unexpected("AccessRequest", sender, blockId);
    }

    @Override
    default void onAccessRequest(int sender, int requester, long blockId, int access, boolean forwarded, long requestId,
        SeenRequests seen)
    {
        onAccessRequest(sender, requester, blockId, access, forwarded);
    }

    @Override
    default void onBlockGrant(int sender, long blockId, int access, boolean withData, long copyset, int changes,
        String className, DirectBuffer payload, int payloadOffset, int payloadLength)
    {
        throw unexpected("BlockGrant", sender, blockId);
    }

    @Override
    default void onInvalidate(int sender, long blockId)
    {
        throw unexpected("Invalidate", sender, blockId);
    }

    @Override
    default void onInvalidateAck(int sender, long blockId)
    {
        throw unexpected("InvalidateAck", sender, blockId);
    }

    @Override
    default void onConfirm(int sender, long blockId, int access)
    {
        throw unexpected("Confirm", sender, blockId);
    }

    @Override
    default void onRefuse(int sender, long blockId, String reason)
    {
        throw unexpected("Refuse", sender, blockId);
    }

    @Override
    default void onOwnerIs(int sender, long blockId, int owner, int access)
    {
        throw unexpected("OwnerIs", sender, blockId);
    }

    @Override
    default void onOwnerChanged(int sender, long blockId, int owner)
    {
        throw unexpected("OwnerChanged", sender, blockId);
    }

    @Override
    default void onFieldWrite(int sender, int writer, long blockId, String className, long requestId, long sequence,
        int slot, DirectBuffer value, int valueOffset, int valueLength)
    {
        throw unexpected("FieldWrite", sender, blockId);
    }

    @Override
    default void onFieldWriteAck(int sender, long blockId, long requestId)
    {
        throw unexpected("FieldWriteAck", sender, blockId);
    }

    private IllegalStateException unexpected(final String type, final int sender, final long blockId)
    {
        return new IllegalStateException(kind().configName() + " does not use " + type + " (from node " + sender +
            ", block " + BlockIds.format(blockId) + ")");
    }
}
