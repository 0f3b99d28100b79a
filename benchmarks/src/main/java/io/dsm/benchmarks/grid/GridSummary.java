package io.dsm.benchmarks.grid;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * Prints the summary of a run-grid-benchmarks.sh run as markdown tables, from the properties the
 * two coordinators wrote ({@code dsm.properties}, {@code hazelcast.properties}). A figure that is
 * missing (a workload not run, a run that failed) is printed as "–", never guessed.
 *
 * <pre>
 * GridSummary dsm.properties hazelcast.properties
 * </pre>
 */
public final class GridSummary
{
    private final Properties dsm;
    private final Properties hz;

    private GridSummary(final Properties dsm, final Properties hz)
    {
        this.dsm = dsm;
        this.hz = hz;
    }

    public static void main(final String[] args) throws IOException
    {
        if (args.length != 2)
        {
            System.err.println("usage: GridSummary dsm.properties hazelcast.properties");
            System.exit(2);
        }
        new GridSummary(load(Path.of(args[0])), load(Path.of(args[1]))).print();
    }

    private static Properties load(final Path file) throws IOException
    {
        final Properties p = new Properties();
        if (Files.isRegularFile(file))
        {
            try (Reader r = Files.newBufferedReader(file))
            {
                p.load(r);
            }
        }
        return p;
    }

    private void print()
    {
        System.out.println();
        System.out.println("dsm: " + dsm.getProperty("config", "(no results)"));
        System.out.println("Hazelcast: " + hz.getProperty("config", "(no results)"));
        System.out.println();
        System.out.println("| work | dsm p50 / p99 | Hazelcast p50 / p99 | dsm ÷ Hazelcast p50 / p99 | dsm messages |");
        System.out.println("| --- | --- | --- | --- | --- |");
        latencyRow("remote read: B reads the record A just wrote, µs", "read", "`get`, key owned by A", "per read (with A's write)");
        latencyRow("remote write: B writes the record A wrote last, µs", "write", "`put`, key owned by A", "per write (with A's write)");
        latencyRow("turn-taking counter, round trip on A, µs", "turns", "`executeOnKey`, both polling", "per exchange");
        System.out.printf("| one plain `executeOnKey` from B, key owned by A, µs | – | %s | – | |%n", pair(hz, "execute"));
        for (int i = 0; i < 2; i++)
        {
            final String k = "mixed.node" + i + ".opsPerS";
            System.out.printf("| mixed 95/5 over 1,000 records, node %d (%s), ops/s | %s%s | %s | %s | |%n", i, i == 0 ? "A, dsm's manager" : "B",
                count(dsm, k), starvedMark(dsm, i), count(hz, k) + starvedMark(hz, i), ratio(dsm, hz, k));
        }
        System.out.printf("| mixed 95/5, both nodes, ops/s | %s | %s | %s | %s per op |%n", count(dsm, "mixed.totalOpsPerS"),
            count(hz, "mixed.totalOpsPerS"), ratio(dsm, hz, "mixed.totalOpsPerS"), dsm.getProperty("mixed.msgsPerOp", "–"));
        System.out.println();
        System.out.println("Latency ratios above 1: dsm is slower; ops/s ratios above 1: dsm is faster. \"starved\": a node with less than 1/4 of the other's ops/s.");

        references();
        cpu();
        messages();
    }

    private void latencyRow(final String label, final String key, final String hzOp, final String per)
    {
        final String msgs = dsm.getProperty(key + ".msgsPerOp");
        System.out.printf("| %s | %s | %s (%s) | %s / %s | %s |%n", label, pair(dsm, key), pair(hz, key), hzOp,
            ratio(dsm, hz, key + ".p50"), ratio(dsm, hz, key + ".p99"), msgs == null ? "–" : msgs + " " + per);
    }

    private void references()
    {
        if (dsm.getProperty("ref.datagram.p50") == null)
        {
            return;
        }
        System.out.println();
        System.out.println("Physical references, between the two dsm JVMs in the same run (half before the workloads, half after):");
        System.out.println();
        System.out.println("| reference | p50 / p99, µs | dsm read fault ÷ reference, p50 / p99 | dsm write fault ÷ reference, p50 / p99 |");
        System.out.println("| --- | --- | --- | --- |");
        refRow("blocking `DatagramSocket` ping-pong", "ref.datagram");
        final String best = dsm.getProperty("ref.tuned.best");
        if (best != null)
        {
            refRow("raw Aeron UDP, tuned: own driver `" + best + "` (lowest p50 of the variants)", "ref.tuned");
            for (final String v : dsm.getProperty("ref.tuned.variants", "").split(","))
            {
                if (!v.equals(best) && !v.isEmpty())
                {
                    refRow("raw Aeron UDP, own driver `" + v + "`", "ref.tuned." + v);
                }
            }
        }
    }

    private void refRow(final String label, final String key)
    {
        System.out.printf("| %s | %s | %s / %s | %s / %s |%n", label, pair(dsm, key), ratio(dsm, "read.p50", key + ".p50"),
            ratio(dsm, "read.p99", key + ".p99"), ratio(dsm, "write.p50", key + ".p50"), ratio(dsm, "write.p99", key + ".p99"));
    }

    private void cpu()
    {
        System.out.println();
        System.out.println("CPU: process CPU time of each JVM ÷ wall time of the measured part, % of one core (the control " +
            "connection's work included):");
        System.out.println();
        System.out.println("| workload | dsm A / B | dsm faults/s | dsm CPU-% per 1000 faults/s | Hazelcast A / B | Hazelcast ops/s | " +
            "Hazelcast CPU-% per 1000 ops/s |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (final String[] w : new String[][] {{"read", "remote read"}, {"write", "remote write"}, {"turns", "turn-taking"},
            {"execute", "plain executeOnKey"}, {"mixed", "mixed 95/5"}})
        {
            final String k = w[0];
            System.out.printf("| %s | %s | %s | %s | %s | %s | %s |%n", w[1], cpuPair(dsm, k), count(dsm, k + ".faultsPerS"),
                dsm.getProperty(k + ".cpuPerKiloFaults", "–"), cpuPair(hz, k),
                count(hz, "mixed".equals(k) ? "mixed.totalOpsPerS" : k + ".opsPerS"), hz.getProperty(k + ".cpuPerKiloOps", "–"));
        }
    }

    private void messages()
    {
        System.out.println();
        System.out.println("dsm messages sent by both nodes, by type (per op; per fault for mixed):");
        System.out.println();
        System.out.println("| workload | messages | by type |");
        System.out.println("| --- | --- | --- |");
        for (final String[] w : new String[][] {{"read", "remote read, per read", "msgsPerOp"},
            {"write", "remote write, per write", "msgsPerOp"}, {"turns", "turn-taking, per exchange", "msgsPerOp"},
            {"mixed", "mixed, per fault", "msgsPerFault"}})
        {
            if (dsm.getProperty(w[0] + ".byType") != null)
            {
                System.out.printf("| %s | %s | %s |%n", w[1], dsm.getProperty(w[0] + "." + w[2]), dsm.getProperty(w[0] + ".byType"));
            }
        }
    }

    // ---------------------------------------------------------------- formatting

    private static String pair(final Properties p, final String key)
    {
        final String p50 = p.getProperty(key + ".p50");
        final String p99 = p.getProperty(key + ".p99");
        return p50 == null || p99 == null ? "–" : us(Double.parseDouble(p50)) + " / " + us(Double.parseDouble(p99));
    }

    private static String us(final double ns)
    {
        final double us = ns / 1e3;
        return us < 100 ? String.format(Locale.ROOT, "%.1f", us) : String.format(Locale.ROOT, "%,.0f", us);
    }

    private static String count(final Properties p, final String key)
    {
        final String v = p.getProperty(key);
        return v == null ? "–" : String.format(Locale.ROOT, "%,.0f", Double.parseDouble(v));
    }

    private static String cpuPair(final Properties p, final String key)
    {
        final String a = p.getProperty(key + ".cpuA");
        final String b = p.getProperty(key + ".cpuB");
        return a == null || b == null ? "–" : String.format(Locale.ROOT, "%.0f %% / %.0f %%", Double.parseDouble(a), Double.parseDouble(b));
    }

    private static String ratio(final Properties top, final Properties bottom, final String key)
    {
        return ratio(top.getProperty(key), bottom.getProperty(key));
    }

    private static String ratio(final Properties p, final String topKey, final String bottomKey)
    {
        return ratio(p.getProperty(topKey), p.getProperty(bottomKey));
    }

    private static String ratio(final String top, final String bottom)
    {
        if (top == null || bottom == null || Double.parseDouble(bottom) == 0)
        {
            return "–";
        }
        final double r = Double.parseDouble(top) / Double.parseDouble(bottom);
        return r < 10 ? String.format(Locale.ROOT, "%.2f", r) : String.format(Locale.ROOT, "%.1f", r);
    }

    private static String starvedMark(final Properties p, final int node)
    {
        return ("node " + node).equals(p.getProperty("mixed.starved")) ? " (starved)" : "";
    }
}
