package io.dsm.runtime.wire;

import org.agrona.DirectBuffer;

/**
 * The block messages of one coherence protocol, validated, on the node's protocol agent thread.
 * The dispatcher hands each to the protocol named in the message; buffers are valid during the
 * call only.
 */
public interface BlockMessageHandler
{
    /**
     * With the requester's request number (0 when it sent none) and the requests it had seen
     * (valid during this call only); most protocols need neither.
     */
    void onAccessRequest(int sender, int requester, long blockId, int access, boolean forwarded, long requestId,
        SeenRequests seen);

    void onBlockGrant(int sender, long blockId, int access, boolean withData, long copyset, int changes, String className,
        DirectBuffer payload, int payloadOffset, int payloadLength);

    void onInvalidate(int sender, long blockId);

    void onInvalidateAck(int sender, long blockId);

    void onConfirm(int sender, long blockId, int access);

    void onRefuse(int sender, long blockId, String reason);

    void onOwnerIs(int sender, long blockId, int owner, int access);

    void onOwnerChanged(int sender, long blockId, int owner);

    void onFieldWrite(int sender, int writer, long blockId, String className, long requestId, long sequence, int slot,
        DirectBuffer value, int valueOffset, int valueLength);

    void onFieldWriteAck(int sender, long blockId, long requestId);
}
