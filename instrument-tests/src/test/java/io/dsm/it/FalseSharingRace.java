package io.dsm.it;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.dsm.it.model.Pair;
import io.dsm.runtime.DsmCluster;

/**
 * Two nodes write different fields of one block while ownership moves back and forth with every
 * write (false sharing). Each writer reads its own field right after writing it: in a sound DSM
 * it always reads its own write back. A store that races with the revocation of the block lands
 * in a copy that was already shipped, and the writer later reads its write undone.
 *
 * <p>Also a main class, so a test can run it in a JVM started with another write mode
 * ({@code -Ddsm.writes}) or a broken one ({@code -Ddsm.test.unsoundWrites=true},
 * {@code -Ddsm.test.broken=no-announce}).
 */
public final class FalseSharingRace
{
    /** Result of one run. */
    public static final class Result
    {
        public final long lostWrites;
        public final long finalA;
        public final long finalB;
        public final long iterations;

        Result(final long lostWrites, final long finalA, final long finalB, final long iterations)
        {
            this.lostWrites = lostWrites;
            this.finalA = finalA;
            this.finalB = finalB;
            this.iterations = iterations;
        }
    }

    private FalseSharingRace()
    {
    }

    /** Runs {@code iterations} writes per node, stopping early once a lost write is seen if {@code stopAtFirst}. */
    public static Result run(final int iterations, final boolean stopAtFirst) throws Exception
    {
        return run(iterations, stopAtFirst, false);
    }

    /**
     * With {@code lockStep} the writers alternate strictly: A writes its i-th value and waits to see
     * B's i-th; B waits for A's i-th before writing its own. Every iteration then moves the block
     * between the nodes (left alone, a writer does many writes per tenure).
     */
    public static Result run(final int iterations, final boolean stopAtFirst, final boolean lockStep) throws Exception
    {
        try (DsmCluster cluster = DsmCluster.start(2))
        {
            final Pair p0 = cluster.node(0).root("pair", Pair::new);
            final Pair p1 = cluster.node(1).root("pair", Pair::new);
            final AtomicLong lost = new AtomicLong();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final CountDownLatch start = new CountDownLatch(1);
            final Thread a = new Thread(() -> writeLoop(p0, true, iterations, lost, stopAtFirst, lockStep, start, failure), "writer-a");
            final Thread b = new Thread(() -> writeLoop(p1, false, iterations, lost, stopAtFirst, lockStep, start, failure), "writer-b");
            a.start();
            b.start();
            start.countDown();
            a.join(TimeUnit.SECONDS.toMillis(120));
            b.join(TimeUnit.SECONDS.toMillis(120));
            if (a.isAlive() || b.isAlive())
            {
                throw new AssertionError("writers did not finish within 120 s");
            }
            if (failure.get() != null)
            {
                throw new AssertionError("writer failed", failure.get());
            }
            return new Result(lost.get(), p1.a, p0.b, iterations);
        }
    }

    private static void writeLoop(
        final Pair pair, final boolean fieldA, final int iterations, final AtomicLong lost, final boolean stopAtFirst,
        final boolean lockStep, final CountDownLatch start, final AtomicReference<Throwable> failure)
    {
        try
        {
            start.await();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(100); // the other writer may stop early
            for (long i = 1; i <= iterations; i++)
            {
                if (fieldA)
                {
                    pair.a = i;
                    while (lockStep && pair.b < i && failure.get() == null && System.nanoTime() < deadline)
                    {
                        Thread.onSpinWait(); // the volatile read of failure keeps the read of b in the loop
                    }
                    if (pair.a != i)
                    {
                        lost.incrementAndGet();
                        pair.a = i;
                    }
                }
                else
                {
                    while (lockStep && pair.a < i && failure.get() == null && System.nanoTime() < deadline)
                    {
                        Thread.onSpinWait();
                    }
                    pair.b = i;
                    if (pair.b != i)
                    {
                        lost.incrementAndGet();
                        pair.b = i;
                    }
                }
                if (stopAtFirst && lost.get() > 0)
                {
                    return;
                }
            }
        }
        catch (final Throwable t)
        {
            failure.set(t);
        }
    }

    public static void main(final String[] args) throws Exception
    {
        final Result r = run(Integer.parseInt(args[0]), true, args.length > 1 && "lockstep".equals(args[1]));
        System.out.println("lostWrites=" + r.lostWrites + " finalA=" + r.finalA + " finalB=" + r.finalB +
            " barriers=" + io.dsm.runtime.block.WriteMode.barriersIssued() + " writes=" + io.dsm.runtime.block.WriteMode.describe());
    }
}
