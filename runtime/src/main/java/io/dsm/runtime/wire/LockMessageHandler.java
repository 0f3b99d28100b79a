package io.dsm.runtime.wire;

import org.agrona.DirectBuffer;

/**
 * The cluster-monitor messages, validated, on the node's protocol agent thread; buffers are valid
 * during the call only.
 */
public interface LockMessageHandler
{
    /** At the lock's manager: {@code requester} wants the lock. */
    void onLockRequest(int requester, long lockId);

    /** At the previous last requester: pass the token to {@code requester} after this node. */
    void onLockForward(int sender, long lockId, int requester);

    /** The token arrives, with its hand-off counter, consistency mark and wait set (9-byte entries). */
    void onLockToken(int sender, long lockId, long epoch, long mark, DirectBuffer waiters, int offset, int length);

    /** Waiters of this node were notified: their ids, 8 bytes each. */
    void onLockWake(int sender, long lockId, DirectBuffer waiterIds, int offset, int length);

    /** A waiter asks what this node knows of the lock, and (at the manager) who is before {@code about}. */
    void onLockQuery(int sender, long lockId, long queryId, int about);

    /** The answer to a query this node sent. */
    void onLockInfo(int sender, long lockId, long queryId, int predecessor, boolean holds, String description);
}
