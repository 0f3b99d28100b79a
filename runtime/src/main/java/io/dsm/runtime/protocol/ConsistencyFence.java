package io.dsm.runtime.protocol;

/**
 * What a cluster lock hand-off must add so that the next holder sees every write of the last one
 * (the JMM's unlock-lock happens-before). Node-wide, since a critical section may write blocks of
 * any protocol. The linearizable protocols need nothing; full replication, whose updates reach
 * other nodes after the writer returns, marks what the releaser had applied and makes the
 * acquirer wait until it has applied as much.
 */
public interface ConsistencyFence
{
    /** Taken by the releasing node when the lock leaves it; travels with the lock. */
    long releaseMark();

    /** On the acquiring node before the new holder runs: returns once {@code mark} is reached here. */
    void awaitMark(long mark);
}
