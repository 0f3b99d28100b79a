package io.dsm.it.consistency;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

/** Runs roles on threads of their own for a number of rounds, each round started by a bounded rendezvous. */
final class Rounds
{
    /** How long one thread may wait at a rendezvous: long enough for a fault to time out first. */
    static final long RENDEZVOUS_TIMEOUT_MS = 30_000;

    private Rounds()
    {
    }

    /** Runs every role for {@code rounds} rounds; rethrows the first failure of any thread. */
    static void run(final String name, final List<Role> roles, final int rounds, final long deadlineMs)
        throws InterruptedException
    {
        final Rendezvous rendezvous = new Rendezvous(roles.size(), RENDEZVOUS_TIMEOUT_MS);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicIntegerArray reached = new AtomicIntegerArray(roles.size());
        final List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < roles.size(); i++)
        {
            final int index = i;
            final Role role = roles.get(i);
            threads.add(new Thread(() ->
            {
                try
                {
                    for (int round = 0; round < rounds; round++)
                    {
                        reached.set(index, round);
                        role.prepare(round);
                        rendezvous.await(round);
                        role.act(round);
                    }
                    reached.set(index, rounds);
                }
                catch (final Throwable t)
                {
                    failure.compareAndSet(null, t);
                    rendezvous.abort();
                }
            }, name + "-role-" + i));
        }
        threads.forEach(Thread::start);
        final long deadline = System.currentTimeMillis() + deadlineMs;
        for (final Thread t : threads)
        {
            t.join(Math.max(1, deadline - System.currentTimeMillis()));
        }
        if (threads.stream().anyMatch(Thread::isAlive))
        {
            threads.forEach(Thread::interrupt);
            rendezvous.abort();
            throw new AssertionError(name + ": threads still running after " + deadlineMs + " ms; rounds reached per role " +
                reached + " of " + rounds, failure.get());
        }
        if (failure.get() != null)
        {
            throw new AssertionError(name + ": a role failed; rounds reached per role " + reached, failure.get());
        }
    }
}
