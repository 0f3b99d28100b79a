package io.dsm.benchmarks.messages;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.dsm.api.Protocol;
import io.dsm.runtime.BlockState;
import io.dsm.runtime.MessageCounters;
import io.dsm.runtime.NodeConfig;

/**
 * Counts the network messages of every kind of fault, for every protocol on 2, 4, 8 and 16 nodes
 * in one JVM, and sets them beside what each protocol's message diagram says (its class javadoc)
 * and beside Li and Hudak's (1989) count for the same fault. It counts, it does not time: accesses
 * are made one at a time from one thread, and after each the cluster is left to quiesce (every
 * message sent handled, then nothing for a few ms) so that every message of a fault, the trailing
 * Confirm included, is charged to it.
 *
 * <pre>
 * MessageCountBenchmark [--pattern=standard|uniform|producer-consumer|migratory] [--nodes=2,4,8,16]
 *     [--protocols=all|name,...] [--dynamic-broadcast=0,4] [--objects=4] [--reps=2] [--accesses=0]
 *     [--seed=1989] [--quiet-ms=2] [--out=benchmarks/target/results] [--chart=file.svg] [--chart-copy=file.svg]
 * </pre>
 * Needs -javaagent:dsm-agent.jar (Page is @Shared). Protocol names are {@link Protocol#configName()}.
 * The dynamic manager runs once per --dynamic-broadcast value (dsm.dynamic.broadcast.every).
 */
public final class MessageCountBenchmark
{
    private static final String[] KIND_ORDER = {
        Prediction.READ, Prediction.WRITE, Prediction.WRITE_NO_COPY, Prediction.UPGRADE, Prediction.NO_FAULT};

    /** One protocol configuration: a protocol and, for the dynamic manager, its broadcast period. */
    static final class Variant
    {
        final Protocol protocol;
        final int broadcastEvery;
        final String label;

        Variant(final Protocol protocol, final int broadcastEvery)
        {
            this.protocol = protocol;
            this.broadcastEvery = broadcastEvery;
            this.label = protocol == Protocol.IVY_DYNAMIC ?
                protocol.configName() + (broadcastEvery == 0 ? "" : " bc" + broadcastEvery) : protocol.configName();
        }
    }

    /** Accumulated faults of one kind, one copy count and one role pattern, of one variant on n nodes. */
    static final class Row
    {
        final Variant variant;
        final int n;
        final String kind;
        final int c;
        final String roles;
        long faults;
        long measured;
        long expected;
        long lh = -1;
        long hops;
        long maxHops = -1;
        long expectedHops;
        boolean reportsHops;
        long mismatches;
        String firstMismatch;
        final long[] byType = new long[MessageCounters.TYPES.length];

        Row(final Variant variant, final int n, final Prediction p)
        {
            this.variant = variant;
            this.n = n;
            this.kind = p.kind;
            this.c = p.c;
            this.roles = p.roles;
        }

        double measuredMean()
        {
            return measured / (double)faults;
        }

        double expectedMean()
        {
            return expected / (double)faults;
        }
    }

    /** Anomalies of one variant on n nodes that are not message counts. */
    static final class Health
    {
        long accesses;
        long faults;
        long staleReads;
        long faultDisagreements;
        long quiesceTimeouts;
        long errors;
        final List<String> notes = new ArrayList<>();

        void note(final String s)
        {
            if (notes.size() < 5)
            {
                notes.add(s);
            }
        }
    }

    private final Args args;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Map<String, Health> health = new LinkedHashMap<>();
    private final List<Variant> variants = new ArrayList<>();
    private int[] nodeCounts;
    private String pattern;
    private long quietNs;

    public static void main(final String[] argv) throws IOException
    {
        new MessageCountBenchmark(argv).run();
    }

    private MessageCountBenchmark(final String[] argv)
    {
        this.args = new Args(argv);
    }

    private String arg(final String key, final String dflt)
    {
        return args.get(key, dflt);
    }

    private void run() throws IOException
    {
        pattern = arg("pattern", "standard");
        if (!Workload.PATTERNS.contains(pattern))
        {
            throw new IllegalArgumentException("--pattern must be one of " + Workload.PATTERNS + ", not " + pattern);
        }
        nodeCounts = Arrays.stream(arg("nodes", "2,4,8,16").split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        final int[] broadcastEvery = Arrays.stream(arg("dynamic-broadcast", "0,4").split(","))
            .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        final String protocols = arg("protocols", "all");
        for (final Protocol p : Protocol.values())
        {
            if (p == Protocol.DEFAULT ||
                !("all".equals(protocols) || Arrays.asList(protocols.split(",")).contains(p.configName())))
            {
                continue;
            }
            if (p == Protocol.IVY_DYNAMIC)
            {
                for (final int every : broadcastEvery)
                {
                    variants.add(new Variant(p, every));
                }
            }
            else
            {
                variants.add(new Variant(p, 0));
            }
        }
        if (variants.isEmpty())
        {
            throw new IllegalArgumentException("--protocols=" + protocols + " names no protocol; use config names such as ivy-dynamic");
        }
        final int objects = Integer.parseInt(arg("objects", "4"));
        final int reps = Integer.parseInt(arg("reps", "2"));
        final int accesses = Integer.parseInt(arg("accesses", "0"));
        final long seed = Long.parseLong(arg("seed", "1989"));
        quietNs = TimeUnit.MICROSECONDS.toNanos((long)(Double.parseDouble(arg("quiet-ms", "2")) * 1000));
        final Path out = Path.of(arg("out", "benchmarks/target/results"));
        Files.createDirectories(out);

        System.out.printf("== messages per fault: pattern %s, nodes %s, seed %d, %d objects, quiet window %s ms ==%n",
            pattern, arg("nodes", "2,4,8,16"), seed, objects, arg("quiet-ms", "2"));
        final long start = System.nanoTime();
        for (final Variant v : variants)
        {
            for (final int n : nodeCounts)
            {
                final long t0 = System.nanoTime();
                measure(v, n, Workload.of(pattern, n, objects, reps, accesses, seed * 1_000_003L + n * 31L + v.protocol.ordinal()),
                    objects);
                final Health h = health.get(key(v, n));
                System.out.printf("   %-26s n=%-2d %4d accesses, %4d faults, %5.1f s%n", v.label, n, h.accesses, h.faults,
                    (System.nanoTime() - t0) / 1e9);
            }
        }
        System.out.printf("   total %.1f s%n%n", (System.nanoTime() - start) / 1e9);
        printTable();
        printHealth();
        printSummary();
        printPerAccess();
        writeCsv(out.resolve("message-counts-" + pattern + ".csv"));
        if ("standard".equals(pattern) || args.has("chart"))
        {
            final Path chart = Path.of(arg("chart", out.resolve("messages-per-fault.svg").toString()));
            writeChart(chart);
            if (args.has("chart-copy"))
            {
                Files.copy(chart, Path.of(arg("chart-copy", "")), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static String key(final Variant v, final int n)
    {
        return v.label + "|" + n;
    }

    // ------------------------------------------------------------------ measuring

    private void measure(final Variant v, final int n, final Workload workload, final int objects)
    {
        final Properties props = new Properties();
        props.setProperty(NodeConfig.PROTOCOL, v.protocol.configName());
        props.setProperty(NodeConfig.FAULT_TIMEOUT_MS, "20000");
        props.setProperty(NodeConfig.MIGRATION_HOLD_MS, "0");
        props.setProperty(NodeConfig.DYNAMIC_BROADCAST_EVERY, String.valueOf(v.broadcastEvery));
        final Health h = new Health();
        health.put(key(v, n), h);
        final long maxNs = TimeUnit.SECONDS.toNanos(5);
        try (CountingCluster cluster = new CountingCluster(n, props, "mc"))
        {
            // node 0 is the manager node: the lowest id, NodeConfig's default
            final ProtocolModel model = ProtocolModel.of(v.protocol, n, 0, v.broadcastEvery);
            final long[] lastWritten = new long[objects];
            for (int j = 0; j < objects; j++)
            {
                final int creator = workload.creator(j);
                final int object = cluster.addObject(creator);
                model.register(creator, cluster.id(object));
            }
            if (!cluster.quiesce(quietNs, maxNs))
            {
                h.quiesceTimeouts++;
            }
            long value = 0;
            Workload.Step step;
            while ((step = workload.next(model)) != null)
            {
                final Prediction p = model.access(step.object, step.node, step.write);
                final int mode = cluster.mode(step.object, step.node);
                final boolean faults = step.write ? mode != BlockState.WRITE : (mode & BlockState.NOT_READABLE) != 0;
                final long[] before = cluster.sent();
                if (step.write)
                {
                    cluster.write(step.object, step.node, ++value);
                    lastWritten[step.object] = value;
                }
                else
                {
                    final long seen = cluster.read(step.object, step.node);
                    if (seen != lastWritten[step.object])
                    {
                        h.staleReads++;
                        h.note("stale read: node " + step.node + " read " + seen + " from object " + step.object +
                            ", last written " + lastWritten[step.object]);
                    }
                }
                if (!cluster.quiesce(quietNs, maxNs))
                {
                    h.quiesceTimeouts++;
                    h.note("no quiescence within 5 s after " + (step.write ? "a write" : "a read") + " on node " + step.node);
                }
                final long[] delta = cluster.sent();
                for (int t = 0; t < delta.length; t++)
                {
                    delta[t] -= before[t];
                }
                h.accesses++;
                if (faults != p.fault)
                {
                    h.faultDisagreements++;
                    h.note("node " + step.node + (step.write ? " write" : " read") + " of object " + step.object +
                        ": block state " + mode + (faults ? " faults" : " does not fault") + ", the model says the opposite");
                }
                if (p.fault)
                {
                    h.faults++;
                }
                record(v, n, p, delta);
            }
            h.errors = cluster.errors();
        }
    }

    private void record(final Variant v, final int n, final Prediction p, final long[] delta)
    {
        final String key = v.label + "|" + n + "|" + p.kind + "|" + p.c + "|" + p.roles;
        final Row row = rows.computeIfAbsent(key, k -> new Row(v, n, p));
        long measured = 0;
        for (int t = 1; t < delta.length; t++)
        {
            measured += delta[t];
            row.byType[t] += delta[t];
        }
        final long expected = p.total();
        row.faults++;
        row.measured += measured;
        row.expected += expected;
        if (p.lh >= 0)
        {
            row.lh = (row.lh < 0 ? 0 : row.lh) + p.lh;
        }
        if (p.hops >= 0)
        {
            final long hops = delta[Prediction.ACCESS_REQUEST];
            row.reportsHops = true;
            row.hops += hops;
            row.expectedHops += p.hops;
            row.maxHops = Math.max(row.maxHops, hops);
        }
        if (!Arrays.equals(delta, p.expected))
        {
            row.mismatches++;
            if (row.firstMismatch == null)
            {
                row.firstMismatch = "measured " + measured + " (" + Prediction.breakdown(delta, 1) + "), expected " + expected +
                    " (" + Prediction.breakdown(p.expected, 1) + ")";
            }
        }
    }

    // ------------------------------------------------------------------ printing

    private List<Row> sortedRows()
    {
        final List<Row> list = new ArrayList<>(rows.values());
        list.sort(Comparator.<Row>comparingInt(r -> variants.indexOf(r.variant))
            .thenComparingInt(r -> r.n)
            .thenComparingInt(r -> Arrays.asList(KIND_ORDER).indexOf(r.kind))
            .thenComparingInt(r -> r.c)
            .thenComparing(r -> r.roles));
        return list;
    }

    private void printTable()
    {
        System.out.println("Messages per fault, measured (sum of every node's sent counters), against the protocol's message");
        System.out.println("diagram (expected) and Li & Hudak 1989 (L&H: locate the owner, move the page, 2 per copy invalidated;");
        System.out.println("not our Confirm). c = copies invalidated (holders other than requester and owner). roles: R requester,");
        System.out.println("M manager (central server: home; full replication: Q sequencer), O owner; blank = all distinct.");
        System.out.println("hops = AccessRequests per fault (dynamic: 1 + forwards along the probable-owner chain), mean/max.");
        System.out.println();
        final String format = "%-24s %3s  %-10s %3s  %-12s %6s  %8s  %8s  %6s  %-9s %s%n";
        System.out.printf(format, "protocol", "n", "fault", "c", "roles", "faults", "measured", "expected", "L&H", "hops", "measured by type (per fault)");
        String last = null;
        final List<Row> mismatched = new ArrayList<>();
        for (final Row r : sortedRows())
        {
            if (Prediction.NO_FAULT.equals(r.kind) && r.measured == 0 && r.mismatches == 0)
            {
                continue; // accesses that hit a valid copy: no messages, as expected
            }
            final String group = r.variant.label + "|" + r.n;
            if (last != null && !last.equals(group) && !last.startsWith(r.variant.label + "|"))
            {
                System.out.println();
            }
            last = group;
            System.out.printf(format, r.variant.label, r.n, r.kind, r.c < 0 ? "-" : String.valueOf(r.c),
                r.roles.isEmpty() ? "" : r.roles, r.faults, fmt(r.measuredMean()), fmt(r.expectedMean()),
                r.lh < 0 ? "n/a" : fmt(r.lh / (double)r.faults),
                r.reportsHops ? fmt(r.hops / (double)r.faults) + "/" + r.maxHops : "",
                Prediction.breakdown(r.byType, r.faults) + (r.mismatches == 0 ? "" : "   <-- DIFFERS in " + r.mismatches + " of " + r.faults));
            if (r.mismatches != 0)
            {
                mismatched.add(r);
            }
        }
        System.out.println();
        System.out.println("L&H n/a: Li and Hudak analyse the owner-location schemes of read replication; central server and");
        System.out.println("full replication are not among them. Migration's L&H figure is their centralized manager's locate +");
        System.out.println("transfer (the owner is found the same way). Dynamic: L&H bound the chain at n - 1 forwards.");
        System.out.println();
        if (mismatched.isEmpty())
        {
            System.out.println("Every fault sent exactly the messages its protocol's diagram predicts.");
        }
        else
        {
            System.out.println("MEASURED DIFFERS FROM EXPECTED (a runtime behaviour the diagrams do not describe):");
            for (final Row r : mismatched)
            {
                System.out.printf("  %s n=%d %s c=%s %s: %d of %d faults; first: %s%n", r.variant.label, r.n, r.kind,
                    r.c < 0 ? "-" : String.valueOf(r.c), r.roles, r.mismatches, r.faults, r.firstMismatch);
            }
        }
        System.out.println();
    }

    private void printHealth()
    {
        boolean clean = true;
        for (final Map.Entry<String, Health> e : health.entrySet())
        {
            final Health h = e.getValue();
            if (h.staleReads + h.faultDisagreements + h.quiesceTimeouts + h.errors != 0)
            {
                clean = false;
                System.out.printf("WARNING %s: %d stale reads, %d fault predictions wrong, %d quiescence timeouts, %d node errors/drops%n",
                    e.getKey().replace('|', ' '), h.staleReads, h.faultDisagreements, h.quiesceTimeouts, h.errors);
                h.notes.forEach(s -> System.out.println("    " + s));
            }
        }
        if (clean)
        {
            System.out.println("Every read returned the last value written; every access faulted exactly when the model said it");
            System.out.println("would; the cluster quiesced after every access; no node recorded an error or dropped a frame.");
        }
        System.out.println();
    }

    /** Messages per access of the whole run, per protocol and n: what a sharing pattern costs. */
    private void printPerAccess()
    {
        System.out.println("Messages per access, pattern " + pattern + " (all messages of the run / all accesses, faults or not):");
        final StringBuilder header = new StringBuilder(String.format("%-24s", "protocol"));
        for (final int n : nodeCounts)
        {
            header.append(String.format("  %7s", "n=" + n));
        }
        System.out.println(header);
        for (final Variant v : variants)
        {
            final StringBuilder line = new StringBuilder(String.format("%-24s", v.label));
            for (final int n : nodeCounts)
            {
                long messages = 0;
                for (final Row r : rows.values())
                {
                    if (r.variant == v && r.n == n)
                    {
                        messages += r.measured;
                    }
                }
                line.append(String.format(Locale.ROOT, "  %7.2f", messages / (double)health.get(key(v, n)).accesses));
            }
            System.out.println(line);
        }
        System.out.println();
    }

    /** The chart's data: per protocol and n, messages per read fault, per write fault with c = 0, with c = n - 2. */
    private void printSummary()
    {
        System.out.println("Summary (measured mean; in brackets L&H where it applies). read: requester, manager, owner distinct");
        System.out.println("where n allows; write c=0: no other copies; write c=n-2: every node but writer and owner has a copy.");
        final StringBuilder header = new StringBuilder(String.format("%-24s %-12s", "protocol", "fault"));
        for (final int n : nodeCounts)
        {
            header.append(String.format("  %12s", "n=" + n));
        }
        System.out.println(header);
        for (final Variant v : variants)
        {
            for (final String panel : PANELS)
            {
                final StringBuilder line = new StringBuilder(String.format("%-24s %-12s", v.label, panel));
                for (final int n : nodeCounts)
                {
                    final double[] m = panelValue(v, n, panel);
                    line.append(String.format("  %12s", m == null ? "-" :
                        fmt(m[0]) + (m[1] < 0 ? "" : " (" + fmt(m[1]) + ")")));
                }
                System.out.println(line);
            }
        }
        System.out.println();
    }

    private static final String[] PANELS = {"read", "write c=0", "write c=n-2"};

    /** {measured mean, L&H mean or -1} of the rows a chart panel shows for one variant and n; null if none. */
    private double[] panelValue(final Variant v, final int n, final String panel)
    {
        final List<Row> candidates = new ArrayList<>();
        for (final Row r : rows.values())
        {
            if (r.variant != v || r.n != n)
            {
                continue;
            }
            final boolean matches;
            switch (panel)
            {
                case "read":
                    matches = Prediction.READ.equals(r.kind);
                    break;
                case "write c=0":
                    matches = Prediction.WRITE.equals(r.kind) && r.c <= 0;
                    break;
                default:
                    matches = Prediction.WRITE.equals(r.kind) && (r.c < 0 || r.c == n - 2);
                    break;
            }
            if (matches)
            {
                candidates.add(r);
            }
        }
        if (candidates.stream().anyMatch(r -> r.roles.isEmpty()))
        {
            candidates.removeIf(r -> !r.roles.isEmpty());
        }
        if (candidates.isEmpty())
        {
            return null;
        }
        long faults = 0;
        long measured = 0;
        long lh = 0;
        boolean hasLh = true;
        for (final Row r : candidates)
        {
            faults += r.faults;
            measured += r.measured;
            hasLh &= r.lh >= 0;
            lh += Math.max(0, r.lh);
        }
        return new double[] {measured / (double)faults, hasLh ? lh / (double)faults : -1};
    }

    private void writeCsv(final Path file) throws IOException
    {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file)))
        {
            w.println("pattern,protocol,broadcast_every,n,fault,c,roles,faults,measured_mean,expected_mean,lh_mean,hops_mean,hops_max," +
                "mismatches," + String.join(",", Arrays.copyOfRange(MessageCounters.TYPES, 1, MessageCounters.TYPES.length)));
            for (final Row r : sortedRows())
            {
                final StringBuilder line = new StringBuilder();
                line.append(pattern).append(',').append(r.variant.protocol.configName()).append(',').append(r.variant.broadcastEvery)
                    .append(',').append(r.n).append(',').append(r.kind).append(',').append(r.c < 0 ? "" : String.valueOf(r.c))
                    .append(',').append(r.roles.replace(',', ' ')).append(',').append(r.faults).append(',')
                    .append(fmt(r.measuredMean())).append(',').append(fmt(r.expectedMean())).append(',')
                    .append(r.lh < 0 ? "" : fmt(r.lh / (double)r.faults)).append(',')
                    .append(r.reportsHops ? fmt(r.hops / (double)r.faults) : "").append(',')
                    .append(r.reportsHops ? String.valueOf(r.maxHops) : "").append(',').append(r.mismatches);
                for (int t = 1; t < r.byType.length; t++)
                {
                    line.append(',').append(fmt(r.byType[t] / (double)r.faults));
                }
                w.println(line);
            }
        }
        System.out.println("rows written to " + file);
    }

    private void writeChart(final Path file) throws IOException
    {
        final SvgChart chart = new SvgChart("Network messages per fault against node count (measured, pattern " + pattern + ")",
            nodeCounts);
        final String[] titles = {
            "read fault (requester, manager, owner distinct)",
            "write fault, no other copies (c = 0)",
            "write fault, every other node has a copy (c = n - 2)"};
        for (int i = 0; i < PANELS.length; i++)
        {
            final SvgChart.Panel panel = chart.panel(titles[i]);
            for (final Variant v : variants)
            {
                final double[] values = new double[nodeCounts.length];
                for (int k = 0; k < nodeCounts.length; k++)
                {
                    final double[] m = panelValue(v, nodeCounts[k], PANELS[i]);
                    values[k] = m == null ? Double.NaN : m[0];
                }
                panel.series(v.label, values);
            }
        }
        chart.note("Counted with every node in one JVM over Aeron IPC; a message a node sends itself is not counted. "
            + "Central server and migration have no copies to invalidate and full replication updates every node, "
            + "so their write figures do not depend on c. Dynamic manager: mean over the probable-owner chains of the run.");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, chart.render());
        System.out.println("chart written to " + file);
    }

    static String fmt(final double v)
    {
        if (Double.isNaN(v))
        {
            return "-";
        }
        if (Math.abs(v - Math.rint(v)) < 1e-9)
        {
            return String.valueOf((long)Math.rint(v));
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
