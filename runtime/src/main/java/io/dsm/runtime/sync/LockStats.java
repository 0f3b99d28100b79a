package io.dsm.runtime.sync;

import java.util.concurrent.atomic.AtomicLong;

/** What one node's cluster monitors did: acquires by kind, hand-offs, waits and wakes. */
public final class LockStats
{
    final AtomicLong cachedAcquires = new AtomicLong();
    final AtomicLong queuedAcquires = new AtomicLong();
    final AtomicLong tokensReceived = new AtomicLong();
    final AtomicLong tokensRegenerated = new AtomicLong();
    final AtomicLong tokensSent = new AtomicLong();
    final AtomicLong waits = new AtomicLong();
    final AtomicLong remoteWakes = new AtomicLong();
    final AtomicLong longWaits = new AtomicLong();
    final AtomicLong regrantsWhileAsked = new AtomicLong();

    /** Acquires served by the token already here and free: no message, no wait. */
    public long cachedAcquires()
    {
        return cachedAcquires.get();
    }

    /** Acquires that waited: for another local thread or for the token to come. */
    public long queuedAcquires()
    {
        return queuedAcquires.get();
    }

    public long tokensReceived()
    {
        return tokensReceived.get();
    }

    /**
     * Tokens made anew here by a recovery round because they died with their holder's node: the lock
     * passed on with a higher fencing counter (the holder that died had it, or was passing it on).
     */
    public long tokensRegenerated()
    {
        return tokensRegenerated.get();
    }

    public long tokensSent()
    {
        return tokensSent.get();
    }

    public long waits()
    {
        return waits.get();
    }

    /** Waiters of other nodes woken by notifies of this node (one LockWake may carry several). */
    public long remoteWakes()
    {
        return remoteWakes.get();
    }

    /** Acquires that waited longer than dsm.lock.warn.ms and were reported. */
    public long longWaits()
    {
        return longWaits.get();
    }

    /**
     * Local grants made while another node had asked for the lock and this node could have handed
     * it over: 0 unless a node re-grants to its own threads ahead of the queue (starvation).
     */
    public long regrantsWhileAsked()
    {
        return regrantsWhileAsked.get();
    }

    @Override
    public String toString()
    {
        return "locks{cached=" + cachedAcquires + " queued=" + queuedAcquires + " tokensIn=" + tokensReceived +
            " tokensOut=" + tokensSent + " waits=" + waits + " remoteWakes=" + remoteWakes + " longWaits=" + longWaits + " regrantsWhileAsked=" + regrantsWhileAsked + "}";
    }
}
