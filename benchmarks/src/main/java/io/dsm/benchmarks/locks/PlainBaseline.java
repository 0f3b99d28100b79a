package io.dsm.benchmarks.locks;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;

import org.HdrHistogram.Histogram;

/**
 * The one-JVM reference of the lock benchmarks: the same loops ({@link Loops}) on one plain JVM
 * started without the agent, so {@code synchronized} is the JVM's own monitor. It refers to
 * nothing of the dsm runtime (it must load without the agent jar).
 *
 * <pre>
 * PlainBaseline [results.properties]
 * </pre>
 * Measures an uncontended acquire and release (the loop of the cached lock case) and the
 * contended counter with each thread count of {@code bench.counter.threads.list} (default 4,6:
 * 2 threads per JVM on 2 and 3 JVMs): {@code bench.counter.increments} per thread (2000, as the
 * dsm JVMs do), after a warm-up round of a tenth, {@code bench.plain.rounds} (21) timed rounds
 * whose median is reported, since one such round takes well under a millisecond here and its
 * thread start-up weighs in; then the same with {@code bench.plain.steady.increments} (100000)
 * per thread, 5 rounds, the one JVM's steady rate. The count is checked after every round.
 */
public final class PlainBaseline
{
    private PlainBaseline()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int cachedWarmup = Integer.getInteger("bench.cached.warmup", 50_000);
        final int cachedIterations = Integer.getInteger("bench.cached.iterations", 200_000);
        final int increments = Integer.getInteger("bench.counter.increments", 2000);
        final int rounds = Integer.getInteger("bench.plain.rounds", 21);
        final int steadyIncrements = Integer.getInteger("bench.plain.steady.increments", 100_000);
        final int[] threadCounts = Arrays.stream(System.getProperty("bench.counter.threads.list", "4,6").split(","))
            .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        final Properties results = new Properties();
        boolean exact = true;
        System.out.println("== one plain JVM, no agent: the JVM's own monitors, the same loops ==");
        final LockCell lock = new LockCell();
        Loops.acquireMany(lock, cachedWarmup, null);
        final Histogram h = Loops.histogram();
        Loops.acquireMany(lock, cachedIterations, h);
        System.out.printf(Locale.ROOT, "  uncontended acquire + release (%d): p50 %.3f us, p90 %.3f us, p99 %.3f us, max %.1f us%n",
            h.getTotalCount(), h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3,
            h.getValueAtPercentile(99) / 1e3, h.getMaxValue() / 1e3);
        results.setProperty("plain.cached.p50", String.valueOf(h.getValueAtPercentile(50)));
        results.setProperty("plain.cached.p99", String.valueOf(h.getValueAtPercentile(99)));

        for (final int threads : threadCounts)
        {
            final double same = counter(threads, increments, rounds);
            final double steady = counter(threads, steadyIncrements, 5);
            exact &= same > 0 && steady > 0;
            results.setProperty("plain.counter." + threads + ".ops", String.format(Locale.ROOT, "%.0f", Math.abs(same)));
            results.setProperty("plain.counter." + threads + ".steady.ops", String.format(Locale.ROOT, "%.0f", Math.abs(steady)));
        }
        results.setProperty("plain.counter.how", "median of " + rounds + " rounds after a warm-up round");
        results.setProperty("plain.counter.steady.increments", String.valueOf(steadyIncrements));
        if (args.length > 0)
        {
            try (Writer w = Files.newBufferedWriter(Path.of(args[0])))
            {
                results.store(w, "plain JVM baseline of the lock benchmarks");
            }
        }
        if (!exact)
        {
            System.exit(1);
        }
    }

    /**
     * The counter with {@code threads} threads, {@code increments} each: a warm-up round of a tenth,
     * then {@code rounds} timed rounds; returns the median ops/s, negated if a count was not exact.
     */
    private static double counter(final int threads, final int increments, final int rounds) throws InterruptedException
    {
        final LockCell counter = new LockCell();
        final int warm = Math.max(1, increments / 10);
        Loops.counter(counter, threads, warm, 0);
        boolean exact = true;
        final double[] ops = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            final long before = Loops.read(counter);
            final long ns = Loops.counter(counter, threads, increments, 0);
            ops[r] = (double)threads * increments / (ns / 1e9);
            exact &= Loops.read(counter) - before == (long)threads * increments;
        }
        final long expected = (long)threads * (warm + (long)rounds * increments);
        final long seen = Loops.read(counter);
        exact &= seen == expected;
        final double[] sorted = ops.clone();
        Arrays.sort(sorted);
        final double median = sorted[rounds / 2];
        System.out.printf(Locale.ROOT, "  counter, %d threads x %d increments: median %.0f ops/s of %d rounds (min %.0f, max %.0f); " +
            "final count %d, expected %d: %s%n", threads, increments, median, rounds, sorted[0], sorted[rounds - 1], seen,
            expected, exact ? "exact" : "NOT EXACT");
        return exact ? median : -median;
    }
}
