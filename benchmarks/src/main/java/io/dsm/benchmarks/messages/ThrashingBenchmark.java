package io.dsm.benchmarks.messages;

import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.dsm.api.Protocol;
import io.dsm.runtime.DsmCluster;
import io.dsm.runtime.DsmNode;
import io.dsm.runtime.config.NodeConfig;

/**
 * Thrashing under migration: two nodes in one JVM, one thread on each, both write the same block
 * over and over (a write, then {@code --think-us} of local work), for {@code --seconds} per hold
 * time. Prints, per {@code dsm.migration.hold.ms}, migrations per second (BlockGrants sent: under
 * migration every grant moves the block) and accesses served per migration.
 *
 * <pre>
 * ThrashingBenchmark [--hold-ms=0,1,5,20] [--seconds=2] [--think-us=10]
 * </pre>
 * Needs -javaagent:dsm-agent.jar (Page is @Shared).
 */
public final class ThrashingBenchmark
{
    private static final int BLOCK_GRANT = Prediction.type("BlockGrant");

    private ThrashingBenchmark()
    {
    }

    public static void main(final String[] argv) throws InterruptedException
    {
        final Args args = new Args(argv);
        final long[] holds = Arrays.stream(args.get("hold-ms", "0,1,5,20").split(",")).mapToLong(s -> Long.parseLong(s.trim())).toArray();
        final double seconds = Double.parseDouble(args.get("seconds", "2"));
        final long thinkNs = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(args.get("think-us", "10")));

        System.out.printf("== thrashing: migration, 2 nodes, both write one block, %s s per hold time, %d us of local work " +
            "between writes; load average %s ==%n", args.get("seconds", "2"), thinkNs / 1000, loadAverage());
        System.out.printf("%-8s %12s %14s %12s %14s  %s%n", "hold ms", "migrations/s", "accesses/s", "accesses per", "node 0 / node 1", "check");
        System.out.printf("%-8s %12s %14s %12s %14s%n", "", "", "", "migration", "accesses");
        boolean ok = true;
        for (final long hold : holds)
        {
            ok &= run(hold, seconds, thinkNs);
        }
        System.out.println("load average now " + loadAverage());
        if (!ok)
        {
            System.exit(1);
        }
    }

    private static boolean run(final long holdMs, final double seconds, final long thinkNs) throws InterruptedException
    {
        final Properties props = new Properties();
        props.setProperty(NodeConfig.PROTOCOL, Protocol.MIGRATION.configName());
        props.setProperty(NodeConfig.MIGRATION_HOLD_MS, String.valueOf(holdMs));
        props.setProperty(NodeConfig.FAULT_TIMEOUT_MS, "10000");
        try (DsmCluster cluster = DsmCluster.start(2, props))
        {
            final Page[] page = {cluster.node(0).root("thrash", Page::new), null};
            page[1] = cluster.node(1).root("thrash", () -> { throw new IllegalStateException("thrash should be bound"); });
            final AtomicBoolean measuring = new AtomicBoolean();
            final AtomicBoolean stop = new AtomicBoolean();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final long[] accesses = new long[2];
            final Thread[] writers = new Thread[2];
            for (int i = 0; i < 2; i++)
            {
                final int id = i;
                writers[i] = new Thread(() ->
                {
                    try
                    {
                        long count = 0;
                        long counted = 0;
                        while (!stop.get())
                        {
                            page[id].value = ((long)id << 40) | ++count; // the shared write
                            if (measuring.get())
                            {
                                counted++;
                            }
                            final long until = System.nanoTime() + thinkNs;
                            while (System.nanoTime() < until)
                            {
                                Thread.onSpinWait();
                            }
                        }
                        accesses[id] = counted;
                    }
                    catch (final Throwable t)
                    {
                        failure.compareAndSet(null, t);
                    }
                }, "thrash-writer-" + i);
                writers[i].setDaemon(true);
            }
            for (final Thread t : writers)
            {
                t.start();
            }
            Thread.sleep(200); // warm-up: both writers faulting
            final long[][] before = {sent(cluster.node(0)), sent(cluster.node(1))};
            final long t0 = System.nanoTime();
            measuring.set(true);
            Thread.sleep((long)(seconds * 1000));
            measuring.set(false);
            final long elapsed = System.nanoTime() - t0;
            final long[][] after = {sent(cluster.node(0)), sent(cluster.node(1))};
            stop.set(true);
            for (final Thread t : writers)
            {
                t.join(15_000);
            }
            final boolean stuck = writers[0].isAlive() || writers[1].isAlive();
            final long from0 = after[0][BLOCK_GRANT] - before[0][BLOCK_GRANT];
            final long from1 = after[1][BLOCK_GRANT] - before[1][BLOCK_GRANT];
            final long grants = from0 + from1;
            String check = "ok";
            if (stuck)
            {
                check = "FAILED: a writer did not stop within 15 s";
            }
            else if (failure.get() != null)
            {
                check = "FAILED: " + failure.get();
            }
            else if (page[0].value != page[1].value)
            {
                check = String.format("FAILED: the nodes disagree on the last write (%x, %x)", page[0].value, page[1].value);
            }
            else if (Math.abs(from0 - from1) > 1)
            {
                check = "FAILED: the block moved " + from0 + " times from node 0 but " + from1 + " times from node 1";
            }
            final double secs = elapsed / 1e9;
            final long total = accesses[0] + accesses[1];
            System.out.printf(Locale.ROOT, "%-8d %12.0f %14.0f %12s %14s  %s%n", holdMs, grants / secs, total / secs,
                grants == 0 ? "-" : String.format(Locale.ROOT, "%.1f", total / (double)grants),
                accesses[0] + " / " + accesses[1], check);
            return "ok".equals(check);
        }
    }

    /** Messages the node has sent, by type; under migration every BlockGrant moves the block. */
    private static long[] sent(final DsmNode node)
    {
        return node.counters().sentSnapshot();
    }

    private static String loadAverage()
    {
        return String.format(Locale.ROOT, "%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
