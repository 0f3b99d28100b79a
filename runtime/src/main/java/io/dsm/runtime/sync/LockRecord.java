package io.dsm.runtime.sync;

import java.util.ArrayDeque;

/**
 * One node's view of one cluster lock. Guarded by its own monitor, which is never held while a
 * thread blocks or a message is sent.
 */
final class LockRecord
{
    final long id;
    /** The object whose {@code synchronized} this lock serves (a replica or a Class); for waking waiters. */
    volatile Object monitor;

    /** The token (the right to grant the lock) is on this node. */
    boolean tokenHere;
    /** This node has asked the manager for the token and not yet received it. */
    boolean requested;
    /** The node the token goes to after this node, -1 if nobody asked. */
    int next = -1;

    /** Hand-offs between nodes so far: increases with every one, ready for fencing. */
    long epoch;
    /** The consistency mark the token arrived with, to be awaited by the first holder after it. */
    long mark;
    /** The first holder after the token arrived from a peer must await {@link #mark}. */
    boolean fencePending;
    /** The wait set, travelling with the token: (node, waiter id) entries in arrival order. */
    final WaitSet waitSet = new WaitSet();

    /** The thread of this node that holds the lock, and how often (reentrancy). */
    Thread owner;
    int holds;
    long ownerSinceNs;
    /** Local grants since another node asked (only the test-only greedy mode counts them). */
    int greedyGrants;
    /** Local threads waiting for the lock, first come first served. */
    final ArrayDeque<Waiter> entryQueue = new ArrayDeque<>(2);

    LockRecord(final long id, final boolean tokenHere)
    {
        this.id = id;
        this.tokenHere = tokenHere;
    }

    /** Whether a thread of this node may take the lock now without asking anybody. */
    boolean free()
    {
        return tokenHere && owner == null && entryQueue.isEmpty();
    }
}
