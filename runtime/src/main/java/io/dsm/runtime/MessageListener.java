package io.dsm.runtime;

import org.agrona.DirectBuffer;

/**
 * Validated inbound messages, one method per type. Called on the node's protocol agent thread.
 * Block messages carry the protocol (ordinal of {@link io.dsm.api.Protocol}) that handles them.
 */
interface MessageListener
{
    void onAccessRequest(int protocol, int sender, int requester, long blockId, int access, boolean forwarded, long requestId,
        SeenRequests seen);

    void onBlockGrant(int protocol, int sender, long blockId, int access, boolean withData, long copyset, int changes,
        String className,
        DirectBuffer payload, int payloadOffset, int payloadLength);

    void onInvalidate(int protocol, int sender, long blockId);

    void onInvalidateAck(int protocol, int sender, long blockId);

    void onConfirm(int protocol, int sender, long blockId, int access);

    void onRefuse(int protocol, int sender, long blockId, String reason);

    void onOwnerIs(int protocol, int sender, long blockId, int owner, int access);

    void onOwnerChanged(int protocol, int sender, long blockId, int owner);

    void onFieldWrite(int protocol, int sender, int writer, long blockId, String className, long requestId, long sequence,
        int slot, DirectBuffer value, int valueOffset, int valueLength);

    void onFieldWriteAck(int protocol, int sender, long blockId, long requestId);

    void onRootBind(int sender, long requestId, long objectId, String name, String className);

    void onRootBound(int sender, long requestId, long objectId, String name, String className);

    void onLeave(int sender);
}
