package io.dsm.examples;

import java.util.ArrayList;
import java.util.List;

/**
 * Ordinary concurrent Java, run on N JVMs: every node's threads deposit into one account under
 * {@code synchronized}, node 0 passes values to the others through a mailbox with
 * {@code wait}/{@code notifyAll}, every node takes tickets from a {@code static synchronized}
 * method, and all meet at a barrier built with {@code wait}. Without cluster-wide monitors the
 * balance comes out short and the mailbox stalls.
 *
 * <p>Run it with {@code bin/dsm-run -n 3 -cp examples/target/dsm-examples.jar io.dsm.examples.BankDemo}.
 * Arguments: {@code [nodes] [deposits per thread] [items]}; the node id comes from {@code -Ddsm.node.id}.
 */
public final class BankDemo
{
    private static final int THREADS = 2;

    private BankDemo()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        final int deposits = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        final int items = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        final int me = Integer.getInteger("dsm.node.id", 0);
        final Bank bank = Bank.INSTANCE;

        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++)
        {
            threads.add(new Thread(() ->
            {
                for (int i = 0; i < deposits; i++)
                {
                    synchronized (bank)
                    {
                        final long v = bank.balance;
                        bank.balance = v + 1;
                    }
                    if (i % 100 == 0)
                    {
                        Bank.nextTicket();
                    }
                }
            }, "depositor-" + t));
        }
        threads.forEach(Thread::start);

        long mine = 0;
        if (me == 0)
        {
            for (int i = 1; i <= items; i++)
            {
                bank.put(i);
            }
        }
        else
        {
            for (long v; (v = bank.take(items)) >= 0; )
            {
                mine += v;
            }
        }
        for (final Thread t : threads)
        {
            t.join();
        }
        bank.arriveAndAwait(nodes);

        final long expectedBalance = (long)nodes * THREADS * deposits;
        final long expectedTickets = (long)nodes * THREADS * ((deposits + 99) / 100);
        final long expectedSum = (long)items * (items + 1) / 2;
        final long balance;
        final long tickets;
        final long received;
        final long receivedSum;
        synchronized (bank)
        {
            balance = bank.balance;
            tickets = bank.tickets;
            received = bank.received;
            receivedSum = bank.receivedSum;
        }
        final boolean ok = balance == expectedBalance && tickets == expectedTickets && received == items &&
            receivedSum == expectedSum;
        System.out.println("node " + me + ": balance " + balance + " of " + expectedBalance + ", tickets " + tickets + " of " +
            expectedTickets + ", mailbox " + received + " items summing to " + receivedSum + " of " + expectedSum +
            " (this node took " + mine + "): " + (ok ? "OK" : "MISMATCH"));
        if (!ok)
        {
            System.exit(1);
        }
    }
}
