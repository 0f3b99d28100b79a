package io.dsm.examples;

import io.dsm.api.Shared;

/**
 * The bank demo's shared state, used with nothing but {@code synchronized}, {@code wait} and
 * {@code notifyAll}. {@code INSTANCE} is a static field of a shared class: a cluster-wide root.
 */
@Shared
public class Bank
{
    public static final Bank INSTANCE = new Bank();

    /** Deposited to by every thread of every node, under the bank's monitor. */
    public long balance;

    /** A one-slot mailbox from node 0 to the others. */
    public long slot;
    public boolean full;
    public long received;
    public long receivedSum;

    /** Tickets handed out by the class-level lock of {@link #nextTicket}. */
    public long tickets;

    /** Nodes that finished, for the closing barrier. */
    public int finished;

    public synchronized void put(final long value) throws InterruptedException
    {
        while (full)
        {
            wait();
        }
        slot = value;
        full = true;
        notifyAll();
    }

    /** The next value, or -1 once {@code total} values have been taken by anyone. */
    public synchronized long take(final long total) throws InterruptedException
    {
        while (!full && received < total)
        {
            wait();
        }
        if (!full)
        {
            return -1;
        }
        full = false;
        received++;
        receivedSum += slot;
        notifyAll();
        return slot;
    }

    /** A class-level lock: {@code static synchronized} excludes every node's threads too. */
    public static synchronized long nextTicket()
    {
        final long t = INSTANCE.tickets;
        Thread.yield();
        INSTANCE.tickets = t + 1;
        return t;
    }

    /** Waits until every one of {@code nodes} nodes has arrived. */
    public synchronized void arriveAndAwait(final int nodes) throws InterruptedException
    {
        finished++;
        notifyAll();
        while (finished < nodes)
        {
            wait();
        }
    }
}
