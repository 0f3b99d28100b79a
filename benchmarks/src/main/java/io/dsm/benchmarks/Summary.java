package io.dsm.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Prints the summary table of a run-benchmarks.sh run from the files it left in one directory:
 * {@code jmh.csv} (JMH -rf csv), {@code sizes.properties} (ObjectSizes) and
 * {@code fault-ipc.properties} / {@code fault-udp.properties} (FaultBenchmark). Missing files
 * are reported as missing, not guessed.
 */
public final class Summary
{
    private static final String[][] FAST_PATH = {
        {"ReadOne", "read,  one object (1024 reads via array of refs)"},
        {"ReadMany", "read,  4096 objects"},
        {"WriteOne", "write, one object (1024 writes via array of refs)"},
        {"WriteMany", "write, 4096 objects"},
        {"ReadHoisted", "read,  one object in a local (JIT may hoist)"},
    };

    private Summary()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final Path dir = Path.of(args.length > 0 ? args[0] : ".");
        System.out.println();
        System.out.println("=================================== dsm benchmark summary ===================================");
        fastPath(dir.resolve("jmh.csv"));
        sizes(dir.resolve("sizes.properties"));
        faults(dir.resolve("fault-ipc.properties"), "ipc");
        faults(dir.resolve("fault-udp.properties"), "udp");
    }

    private static void fastPath(final Path csv) throws IOException
    {
        System.out.println();
        System.out.println("Fast path, JMH avgt ns per access; every fork had -javaagent:dsm-agent.jar; ratio = shared / plain");
        if (!Files.isRegularFile(csv))
        {
            System.out.println("  (missing: " + csv + ")");
            return;
        }
        final Map<String, double[]> scores = new LinkedHashMap<>();
        for (final String line : Files.readAllLines(csv))
        {
            final List<String> f = csvFields(line);
            if (f.size() < 6 || f.get(0).equals("Benchmark"))
            {
                continue;
            }
            final String name = f.get(0).substring(f.get(0).lastIndexOf('.') + 1);
            scores.put(name, new double[] {parse(f.get(4)), parse(f.get(5))});
        }
        System.out.printf("  %-52s %14s %14s %8s%n", "loop", "plain ns", "shared ns", "ratio");
        for (final String[] row : FAST_PATH)
        {
            final double[] plain = scores.get("plain" + row[0]);
            final double[] shared = scores.get("shared" + row[0]);
            if (plain == null || shared == null)
            {
                System.out.printf("  %-52s %14s %14s %8s%n", row[1], "-", "-", "-");
                continue;
            }
            System.out.printf(Locale.ROOT, "  %-52s %14s %14s %8.2f%n", row[1], withError(plain), withError(shared), shared[0] / plain[0]);
        }
        multiBlock(scores);
    }

    /**
     * The {@code split*} loops (SplitPoint3: the same fields in three blocks, the field accessed in
     * block 2) beside the one-block ratio of the same run. The ratio's error is propagated from the
     * two scores' 99.9 % intervals (relative errors added), so it is a rough bound, not an interval.
     */
    private static void multiBlock(final Map<String, double[]> scores)
    {
        if (scores.keySet().stream().noneMatch(k -> k.startsWith("split")))
        {
            return;
        }
        System.out.println();
        System.out.println("Fast path, multi-block: SplitPoint3 (same fields, 3 @Block blocks, x in block 2); split = split / plain," +
            " one-block = shared / plain, same run");
        System.out.printf("  %-52s %14s %14s %13s %13s %8s%n", "loop", "plain ns", "split ns", "split", "one-block",
            "spl/shr");
        for (final String[] row : FAST_PATH)
        {
            final double[] plain = scores.get("plain" + row[0]);
            final double[] shared = scores.get("shared" + row[0]);
            final double[] split = scores.get("split" + row[0]);
            if (plain == null || shared == null || split == null)
            {
                System.out.printf("  %-52s %14s %14s %13s %13s %8s%n", row[1], "-", "-", "-", "-", "-");
                continue;
            }
            System.out.printf(Locale.ROOT, "  %-52s %14s %14s %13s %13s %8.2f%n", row[1], withError(plain), withError(split),
                ratio(split, plain), ratio(shared, plain), split[0] / shared[0]);
        }
    }

    /** a / b with the relative errors of a and b added ("1.02 ±0.05"), or just a / b without errors. */
    private static String ratio(final double[] a, final double[] b)
    {
        final double r = a[0] / b[0];
        if (Double.isNaN(a[1]) || Double.isNaN(b[1]))
        {
            return String.format(Locale.ROOT, "%.2f", r);
        }
        return String.format(Locale.ROOT, "%.2f ±%.2f", r, r * (a[1] / a[0] + b[1] / b[0]));
    }

    private static void sizes(final Path file) throws IOException
    {
        System.out.println();
        System.out.println("Object size, Instrumentation.getObjectSize (shallow)");
        final Properties p = load(file);
        if (p == null)
        {
            return;
        }
        final long plain = Long.parseLong(p.getProperty("size.plain"));
        final long shared = Long.parseLong(p.getProperty("size.shared"));
        System.out.printf("  fields {%s}: plain %d bytes, @Shared %d bytes (+%d, x%.2f)%n",
            p.getProperty("size.fields"), plain, shared, shared - plain, shared / (double)plain);
        for (int blocks = 2; blocks <= 4; blocks++)
        {
            final String size = p.getProperty("size.split" + blocks);
            final String end = p.getProperty("end.split" + blocks);
            final String sharedEnd = p.getProperty("end.shared");
            if (size == null || end == null || sharedEnd == null)
            {
                continue;
            }
            final long s = Long.parseLong(size);
            final long e = Long.parseLong(end) - Long.parseLong(sharedEnd);
            System.out.printf(Locale.ROOT, "  the same in %d blocks (@Block): %d bytes (+%d vs one block, %.2f per extra block;" +
                " fields end +%d, %.2f per extra block, before 8-byte alignment)%n",
                blocks, s, s - shared, (s - shared) / (double)(blocks - 1), e, e / (double)(blocks - 1));
        }
    }

    private static void faults(final Path file, final String prefix) throws IOException
    {
        System.out.println();
        final Properties p = load(file);
        if (p == null)
        {
            System.out.println("Faults (" + prefix + ")");
            return;
        }
        System.out.println("Faults over " + p.getProperty(prefix + ".transport") + "; latencies in us; node 0 is the manager");
        final double rawP50 = Double.parseDouble(p.getProperty(prefix + ".raw.p50"));
        final double rawP99 = Double.parseDouble(p.getProperty(prefix + ".raw.p99"));
        System.out.printf("  %-4s %-56s %8s %8s %8s %8s %5s  %s%n",
            "", "", "p50", "p99", "p50/raw", "p99/raw", "msgs", "messages per fault (network only)");
        final List<String> keys = new ArrayList<>(List.of("raw", "W1", "W0", "U0", "R1", "U1", "R0"));
        for (final String key : keys)
        {
            final String k = prefix + "." + key;
            if (p.getProperty(k + ".p50") == null)
            {
                continue;
            }
            final double p50 = Double.parseDouble(p.getProperty(k + ".p50"));
            final double p99 = Double.parseDouble(p.getProperty(k + ".p99"));
            final boolean raw = key.equals("raw");
            final String notFaulted = p.getProperty(k + ".notFaulted", "0");
            System.out.printf(Locale.ROOT, "  %-4s %-56s %8.1f %8.1f %8s %8s %5s  %s%n",
                key, p.getProperty(k + ".label"), p50 / 1e3, p99 / 1e3,
                raw ? "1" : String.format(Locale.ROOT, "%.2f", p50 / rawP50),
                raw ? "1" : String.format(Locale.ROOT, "%.2f", p99 / rawP99),
                raw ? "2" : p.getProperty(k + ".msgs"),
                raw ? "ping + pong" : p.getProperty(k + ".breakdown") +
                    ("0".equals(notFaulted) ? "" : "  WARNING: " + notFaulted + " measured accesses did not fault"));
        }
        final String errors = p.getProperty(prefix + ".errors", "?");
        final String dropped = p.getProperty(prefix + ".dropped", "?");
        if (!"0".equals(errors) || !"0".equals(dropped))
        {
            System.out.println("  WARNING: node errors " + errors + ", dropped frames " + dropped);
        }
    }

    private static Properties load(final Path file) throws IOException
    {
        if (!Files.isRegularFile(file))
        {
            System.out.println("  (missing: " + file + ")");
            return null;
        }
        final Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file))
        {
            p.load(r);
        }
        return p;
    }

    private static String withError(final double[] score)
    {
        return Double.isNaN(score[1]) ?
            String.format(Locale.ROOT, "%.3f", score[0]) :
            String.format(Locale.ROOT, "%.3f ±%.3f", score[0], score[1]);
    }

    private static double parse(final String s)
    {
        try
        {
            return Double.parseDouble(s);
        }
        catch (final NumberFormatException ex)
        {
            return Double.NaN;
        }
    }

    /** Splits one line of JMH's CSV: fields are quoted strings or bare numbers, without embedded quotes. */
    private static List<String> csvFields(final String line)
    {
        final List<String> fields = new ArrayList<>();
        final StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++)
        {
            final char c = line.charAt(i);
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.add(sb.toString());
                sb.setLength(0);
            }
            else
            {
                sb.append(c);
            }
        }
        fields.add(sb.toString());
        return fields;
    }
}
