package io.dsm.runtime.barrier;

import java.util.Arrays;

/**
 * Measures one {@link ProcessBarrier#issue()}: p50/p90/p99 over 20,000 calls, first with no other
 * thread of ours running, then with one thread spinning (which the kernel must interrupt whenever it is
 * on a CPU at the moment of the call). Not a test: run it by hand on the JDK and host in question,
 * e.g. {@code java --enable-native-access=ALL-UNNAMED -cp dsm-agent.jar io.dsm.runtime.barrier.ProcessBarrierCost [calls]}.
 */
public final class ProcessBarrierCost
{
    private static volatile boolean spinning;
    private static volatile long spins;

    private ProcessBarrierCost()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        final ProcessBarriers.Probe probe = ProcessBarriers.probe();
        System.out.println("JDK " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs; probe: " + probe.reason());
        final ProcessBarrier barrier = probe.barrier();
        if (barrier == null)
        {
            System.exit(1);
        }
        measure(barrier, calls); // warm-up: JIT and the kernel's first-call paths
        System.out.println("no other thread:   " + summary(measure(barrier, calls)));

        spinning = true;
        final Thread spinner = new Thread(ProcessBarrierCost::spin, "spinner");
        spinner.setDaemon(true);
        spinner.start();
        Thread.sleep(100);
        final long[] withSpinner = measure(barrier, calls);
        spinning = false;
        spinner.join(5_000);
        System.out.println("one spinning thread: " + summary(withSpinner) + " (spinner made " + spins + " iterations)");
    }

    private static void spin()
    {
        long n = 0;
        while (spinning)
        {
            n++;
        }
        spins = n;
    }

    private static long[] measure(final ProcessBarrier barrier, final int calls)
    {
        final long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++)
        {
            final long start = System.nanoTime();
            barrier.issue();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static String summary(final long[] sorted)
    {
        final double mean = Arrays.stream(sorted).average().orElse(0);
        return String.format("%d calls, p50 %s, p90 %s, p99 %s, max %s, mean %s", sorted.length,
            micros(at(sorted, 0.50)), micros(at(sorted, 0.90)), micros(at(sorted, 0.99)),
            micros(sorted[sorted.length - 1]), micros(mean));
    }

    private static long at(final long[] sorted, final double quantile)
    {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    private static String micros(final double nanos)
    {
        return String.format("%.2f us", nanos / 1000.0);
    }
}
