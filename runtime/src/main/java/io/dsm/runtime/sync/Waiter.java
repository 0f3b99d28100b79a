package io.dsm.runtime.sync;

/** A local thread waiting to hold a cluster lock. */
final class Waiter
{
    final Thread thread;
    /** It waits inside {@code Object.wait} on the lock's monitor (re-acquiring after a wait), not parked. */
    final boolean inMonitorWait;
    /** The holds to restore when it gets the lock (re-acquiring after a wait), else 1. */
    final int holds;
    /** Set (under the record's lock) when the lock is this waiter's; read by the waiter. */
    volatile boolean granted;
    /** The consistency mark to await before running, when the token came from a peer; -1 if none. */
    volatile long mark = -1;

    Waiter(final Thread thread, final boolean inMonitorWait, final int holds)
    {
        this.thread = thread;
        this.inMonitorWait = inMonitorWait;
        this.holds = holds;
    }
}
