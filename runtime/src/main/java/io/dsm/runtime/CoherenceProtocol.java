package io.dsm.runtime;

import org.agrona.DirectBuffer;

/**
 * One coherence algorithm. The node hands it faults (from application threads) and the
 * protocol messages it received (on the protocol agent thread); the protocol decides who is
 * asked, who ships data, and which block states change. Implementations are single-threaded
 * on the agent thread except {@link #requestAccess}.
 */
interface CoherenceProtocol
{
    /** An application thread faulted: send whatever request obtains {@code access} for the block. */
    void requestAccess(BlockMeta meta, int access);

    /** Who a fault on this block waits for, for timeout messages (called on an application thread). */
    String route(BlockMeta meta);

    void onAccessRequest(int sender, int requester, long blockId, int access, boolean forwarded);

    void onBlockGrant(int sender, long blockId, int access, boolean withData, String className,
        DirectBuffer payload, int payloadOffset, int payloadLength);

    void onInvalidate(int sender, long blockId);

    void onInvalidateAck(int sender, long blockId);

    void onConfirm(int sender, long blockId, int access);

    void onRefuse(int sender, long blockId, String reason);
}
