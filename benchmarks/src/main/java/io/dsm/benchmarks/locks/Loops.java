package io.dsm.benchmarks.locks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.HdrHistogram.Histogram;

/**
 * The timed loops, shared by the dsm JVMs and the plain JVM so that both run the same code: one
 * acquire and release timed with two {@code System.nanoTime} calls, a thread looping on one lock
 * for a while, and the contended counter. Nothing here refers to the dsm runtime.
 */
final class Loops
{
    static final long HIGHEST_NS = TimeUnit.SECONDS.toNanos(60);

    /** Touched inside the critical sections so that they are not empty; not shared. */
    private static long sink;

    private Loops()
    {
    }

    static Histogram histogram()
    {
        return new Histogram(HIGHEST_NS, 3);
    }

    /** One acquire and release of {@code lock}'s monitor, timed; the critical section touches no shared field. */
    static long acquireOnce(final Object lock)
    {
        final long start = System.nanoTime();
        synchronized (lock)
        {
            sink++;
        }
        return System.nanoTime() - start;
    }

    /** {@code count} timed acquires in a row by this thread, recorded into {@code h} (null: not recorded). */
    static void acquireMany(final Object lock, final int count, final Histogram h)
    {
        for (int i = 0; i < count; i++)
        {
            final long ns = acquireOnce(lock);
            if (h != null)
            {
                h.recordValue(Math.min(ns, HIGHEST_NS));
            }
        }
    }

    /** What one thread looping on a lock did. */
    static final class Contended
    {
        final Histogram histogram = histogram();
        /** The acquires during which the token arrived at this node: those that waited for another node. */
        final Histogram tokenWaits = histogram();
        long acquires;
        long elapsedNs;
    }

    /**
     * This thread loops on {@code lock} for {@code durationMs}, timing every acquire and release.
     * {@code tokensReceived} counts the lock tokens this node has received (the node's lock
     * statistics): an acquire during which it moved waited for the token to come from another
     * node, since this thread is the only one of its node that takes the lock. It starts at
     * {@code startAtMillis} (wall clock, the same on every JVM of one machine), so that every JVM
     * starts together.
     */
    static Contended contend(final Object lock, final long durationMs, final LongSupplier tokensReceived, final long startAtMillis)
    {
        final Contended c = new Contended();
        awaitStart(startAtMillis);
        final long start = System.nanoTime();
        final long end = start + TimeUnit.MILLISECONDS.toNanos(durationMs);
        long now = start;
        long tokens = tokensReceived.getAsLong();
        while (now - end < 0)
        {
            final long ns = Math.min(acquireOnce(lock), HIGHEST_NS);
            c.histogram.recordValue(ns);
            final long t = tokensReceived.getAsLong();
            if (t != tokens)
            {
                c.tokenWaits.recordValue(ns);
                tokens = t;
            }
            c.acquires++;
            now = System.nanoTime();
        }
        c.elapsedNs = now - start;
        return c;
    }

    /**
     * The contended counter: {@code threads} threads each add 1 to {@code counter.value}
     * {@code increments} times, each increment a read-modify-write under {@code synchronized (counter)}.
     * The start gate opens at {@code startAtMillis} (wall clock: every JVM of the run opens its gate
     * at the same moment). Returns the time from the gate's opening to the last thread's end, in ns.
     */
    static long counter(final LockCell counter, final int threads, final int increments, final long startAtMillis)
        throws InterruptedException
    {
        final CountDownLatch ready = new CountDownLatch(threads);
        final CountDownLatch go = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final List<Thread> list = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            final Thread thread = new Thread(() ->
            {
                ready.countDown();
                try
                {
                    go.await();
                    for (int i = 0; i < increments; i++)
                    {
                        synchronized (counter)
                        {
                            counter.value = counter.value + 1;
                        }
                    }
                }
                catch (final Throwable ex)
                {
                    failure.compareAndSet(null, ex);
                }
            }, "counter-" + t);
            thread.setDaemon(true);
            list.add(thread);
            thread.start();
        }
        if (!ready.await(30, TimeUnit.SECONDS))
        {
            throw new IllegalStateException("counter threads did not start within 30 s");
        }
        awaitStart(startAtMillis);
        final long start = System.nanoTime();
        go.countDown();
        for (final Thread thread : list)
        {
            thread.join(TimeUnit.MINUTES.toMillis(5));
            if (thread.isAlive())
            {
                throw new IllegalStateException(thread.getName() + " did not finish within 5 minutes");
            }
        }
        final long elapsed = System.nanoTime() - start;
        if (failure.get() != null)
        {
            throw new IllegalStateException("a counter thread failed", failure.get());
        }
        return elapsed;
    }

    /** Sleeps until the wall clock reaches {@code startAtMillis} (at most 10 s; at once if it has passed). */
    static void awaitStart(final long startAtMillis)
    {
        final long limit = System.currentTimeMillis() + 10_000;
        long now;
        while ((now = System.currentTimeMillis()) < startAtMillis && now < limit)
        {
            try
            {
                Thread.sleep(Math.min(startAtMillis - now, 10));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
        while (System.currentTimeMillis() < startAtMillis && System.currentTimeMillis() < limit)
        {
            Thread.onSpinWait();
        }
    }

    /** The counter's value read under its lock. */
    static long read(final LockCell counter)
    {
        synchronized (counter)
        {
            return counter.value;
        }
    }
}
