package io.dsm.it.model;

import io.dsm.api.Shared;

/** A shared object used through synchronized methods and blocks. */
@Shared
public class Account
{
    public long balance;
    public long audits;

    public synchronized long deposit(final long amount)
    {
        final long v = balance;
        Thread.yield(); // widen the window a lost update needs
        balance = v + amount;
        return balance;
    }

    /** Reentrant: a synchronized method calling another on the same object. */
    public synchronized long depositAndAudit(final long amount)
    {
        final long b = deposit(amount);
        audits++;
        return b;
    }

    public synchronized void failAfterWriting(final long amount)
    {
        balance += amount;
        throw new IllegalStateException("failed on purpose after writing " + amount);
    }
}
