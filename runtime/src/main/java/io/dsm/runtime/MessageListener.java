package io.dsm.runtime;

import org.agrona.DirectBuffer;

/** Validated inbound messages, one method per type. Called on the node's protocol agent thread. */
interface MessageListener
{
    void onAccessRequest(int sender, int requester, long blockId, int access, boolean forwarded);

    void onBlockGrant(int sender, long blockId, int access, boolean withData, String className,
        DirectBuffer payload, int payloadOffset, int payloadLength);

    void onInvalidate(int sender, long blockId);

    void onInvalidateAck(int sender, long blockId);

    void onConfirm(int sender, long blockId, int access);

    void onRootBind(int sender, long requestId, long objectId, String name, String className);

    void onRootBound(int sender, long requestId, long objectId, String name, String className);

    void onLeave(int sender);

    void onRefuse(int sender, long blockId, String reason);
}
