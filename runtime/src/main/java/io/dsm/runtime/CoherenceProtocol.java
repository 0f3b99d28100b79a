package io.dsm.runtime;

import org.agrona.DirectBuffer;

import io.dsm.api.Protocol;

/**
 * One coherence algorithm. The node hands it faults (from application threads) and the
 * protocol messages it received (on the protocol agent thread); the protocol decides who is
 * asked, who ships data, and which block states change. Implementations are confined to the
 * agent thread except {@link #requestAccess}, {@link #write}, {@link #onPublish} and {@link #route}.
 * A message a protocol does not use is a protocol error: the default handlers throw, and the
 * dispatcher counts it.
 */
interface CoherenceProtocol
{
    Protocol kind();

    /** An application thread faulted: send whatever request obtains {@code access} for the block. */
    void requestAccess(BlockMeta meta, int access);

    /**
     * A write that could not enter the block locally. Protocols that carry writes as values
     * (central server, full replication) perform it and return true; the others return false and
     * the caller faults for write access and stores locally.
     */
    default boolean write(BlockMeta meta, int slot, Object value)
    {
        return false;
    }

    /** An object just became shared on this node, owned here (any thread). */
    default void onPublish(BlockMeta meta)
    {
    }

    /** Timed work of the protocol (deferred requests); called every duty cycle of the agent. */
    default int doWork()
    {
        return 0;
    }

    /** Who a fault on this block waits for, for timeout messages (called on an application thread). */
    String route(BlockMeta meta);

    default void onAccessRequest(int sender, int requester, long blockId, int access, boolean forwarded)
    {
        throw unexpected("AccessRequest", sender, blockId);
    }

    /**
     * With the requester's request number (0 when it sent none) and the requests it had seen
     * (valid during this call only); most protocols need neither.
     */
    default void onAccessRequest(int sender, int requester, long blockId, int access, boolean forwarded, long requestId,
        SeenRequests seen)
    {
        onAccessRequest(sender, requester, blockId, access, forwarded);
    }

    default void onBlockGrant(int sender, long blockId, int access, boolean withData, long copyset, int changes,
        String className,
        DirectBuffer payload, int payloadOffset, int payloadLength)
    {
        throw unexpected("BlockGrant", sender, blockId);
    }

    default void onInvalidate(int sender, long blockId)
    {
        throw unexpected("Invalidate", sender, blockId);
    }

    default void onInvalidateAck(int sender, long blockId)
    {
        throw unexpected("InvalidateAck", sender, blockId);
    }

    default void onConfirm(int sender, long blockId, int access)
    {
        throw unexpected("Confirm", sender, blockId);
    }

    default void onRefuse(int sender, long blockId, String reason)
    {
        throw unexpected("Refuse", sender, blockId);
    }

    default void onOwnerIs(int sender, long blockId, int owner, int access)
    {
        throw unexpected("OwnerIs", sender, blockId);
    }

    default void onOwnerChanged(int sender, long blockId, int owner)
    {
        throw unexpected("OwnerChanged", sender, blockId);
    }

    default void onFieldWrite(int sender, int writer, long blockId, String className, long requestId, long sequence,
        int slot, DirectBuffer value, int valueOffset, int valueLength)
    {
        throw unexpected("FieldWrite", sender, blockId);
    }

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
