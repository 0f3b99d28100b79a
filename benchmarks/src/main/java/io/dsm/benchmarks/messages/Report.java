package io.dsm.benchmarks.messages;

import io.dsm.runtime.wire.MessageCounters;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;


/** Prints a {@link Tally} as tables, and writes it as CSV and as an SVG chart. */
final class Report
{
    private static final List<String> KIND_ORDER = List.of(
        Prediction.READ, Prediction.WRITE, Prediction.WRITE_NO_COPY, Prediction.UPGRADE, Prediction.NO_FAULT);

    private final Tally tally;
    private final List<Variant> variants;
    private final int[] nodeCounts;
    private final String pattern;

    Report(final Tally tally, final List<Variant> variants, final int[] nodeCounts, final String pattern)
    {
        this.tally = tally;
        this.variants = variants;
        this.nodeCounts = nodeCounts;
        this.pattern = pattern;
    }

    private List<Tally.Row> sortedRows()
    {
        final List<Tally.Row> list = new ArrayList<>(tally.rows());
        list.sort(Comparator.<Tally.Row>comparingInt(r -> variants.indexOf(r.variant))
            .thenComparingInt(r -> r.n)
            .thenComparingInt(r -> KIND_ORDER.indexOf(r.kind))
            .thenComparingInt(r -> r.c)
            .thenComparing(r -> r.roles));
        return list;
    }

    /** Every fault kind, copy count and role pattern: measured against the diagram and L&H. */
    void printFaults()
    {
        System.out.println("Messages per fault, measured (sum of every node's sent counters), against the protocol's message");
        System.out.println("diagram (expected) and Li & Hudak 1989 as published (L&H: locate the owner, move the page,");
        System.out.println("2 per copy invalidated; not our Confirm). c = copies invalidated (holders other than requester and");
        System.out.println("owner; a copy on the invalidating node itself costs nothing). roles: R requester, M manager (central");
        System.out.println("server: home; full replication: Q sequencer), O owner; blank = all distinct.");
        System.out.println("hops = AccessRequests per fault (dynamic: 1 + forwards along the probable-owner chain), mean/max.");
        System.out.println();
        final String format = "%-24s %3s  %-10s %3s  %-12s %6s  %8s  %8s  %6s  %-9s %s%n";
        System.out.printf(format, "protocol", "n", "fault", "c", "roles", "faults", "measured", "expected", "L&H", "hops",
            "measured by type (per fault)");
        Variant last = null;
        final List<Tally.Row> mismatched = new ArrayList<>();
        for (final Tally.Row r : sortedRows())
        {
            if (Prediction.NO_FAULT.equals(r.kind) && r.measured == 0 && r.mismatches == 0)
            {
                continue; // accesses that hit a valid copy: no messages, as expected
            }
            if (last != null && last != r.variant)
            {
                System.out.println();
            }
            last = r.variant;
            System.out.printf(format, r.variant.label, r.n, r.kind, r.c < 0 ? "-" : String.valueOf(r.c), r.roles, r.faults,
                fmt(r.measured / (double)r.faults), fmt(r.expected / (double)r.faults),
                r.lh < 0 ? "n/a" : fmt(r.lh / (double)r.faults),
                r.reportsHops ? fmt(r.hops / (double)r.faults) + "/" + r.maxHops : "",
                Prediction.breakdown(r.byType, r.faults) +
                    (r.mismatches == 0 ? "" : "   <-- DIFFERS in " + r.mismatches + " of " + r.faults));
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
            for (final Tally.Row r : mismatched)
            {
                System.out.printf("  %s n=%d %s c=%s %s: %d of %d faults; first: %s%n", r.variant.label, r.n, r.kind,
                    r.c < 0 ? "-" : String.valueOf(r.c), r.roles, r.mismatches, r.faults, r.firstMismatch);
            }
        }
        System.out.println();
    }

    /** Stale reads, wrong fault predictions, quiescence timeouts, node errors; true if there were none. */
    boolean printHealth()
    {
        boolean clean = true;
        for (final Map.Entry<String, Tally.Health> e : tally.health().entrySet())
        {
            final Tally.Health h = e.getValue();
            if (!h.clean())
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
        return clean;
    }

    /** The chart's data: per protocol and n, messages per read fault, per write fault with c = 0, with c = n - 2. */
    void printSummary()
    {
        System.out.println("Summary (measured mean; in brackets L&H where it applies). read: requester, manager, owner distinct");
        System.out.println("where n allows (at n = 2 they cannot be: a mean over the faults of the run); write c=0: no other copies;");
        System.out.println("write c=n-2: every node but writer and owner has a copy.");
        final StringBuilder header = new StringBuilder(String.format("%-24s %-12s", "protocol", "fault"));
        for (final int n : nodeCounts)
        {
            header.append(String.format("  %12s", "n=" + n));
        }
        System.out.println(header);
        for (final Variant v : variants)
        {
            for (final String panel : Tally.PANELS)
            {
                final StringBuilder line = new StringBuilder(String.format("%-24s %-12s", v.label, panel));
                for (final int n : nodeCounts)
                {
                    final double[] m = tally.panel(v, n, panel);
                    line.append(String.format("  %12s", m == null ? "-" : fmt(m[0]) + (m[1] < 0 ? "" : " (" + fmt(m[1]) + ")")));
                }
                System.out.println(line);
            }
        }
        System.out.println();
    }

    /** Messages per access of the whole run, per protocol and n: what the sharing pattern costs. */
    void printPerAccess()
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
                line.append(String.format(Locale.ROOT, "  %7.2f", tally.messages(v, n) / (double)tally.health(v, n).accesses));
            }
            System.out.println(line);
        }
        System.out.println();
    }

    void writeCsv(final Path file) throws IOException
    {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file)))
        {
            w.println("pattern,protocol,broadcast_every,n,fault,c,roles,faults,measured_mean,expected_mean,lh_mean,hops_mean,hops_max," +
                "mismatches," + String.join(",", Arrays.copyOfRange(MessageCounters.TYPES, 1, MessageCounters.TYPES.length)));
            for (final Tally.Row r : sortedRows())
            {
                final StringBuilder line = new StringBuilder();
                line.append(pattern).append(',').append(r.variant.protocol.configName()).append(',').append(r.variant.broadcastEvery)
                    .append(',').append(r.n).append(',').append(r.kind).append(',').append(r.c < 0 ? "" : String.valueOf(r.c))
                    .append(',').append(r.roles.replace(',', ' ')).append(',').append(r.faults).append(',')
                    .append(fmt(r.measured / (double)r.faults)).append(',').append(fmt(r.expected / (double)r.faults)).append(',')
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

    void writeChart(final Path file) throws IOException
    {
        final SvgChart chart = new SvgChart("Network messages per fault against node count (measured, pattern " + pattern + ")",
            nodeCounts);
        final String[] titles = {
            "read fault (requester, manager, owner distinct)",
            "write fault, no other copies (c = 0)",
            "write fault, every other node has a copy (c = n - 2)"};
        for (int i = 0; i < Tally.PANELS.length; i++)
        {
            final SvgChart.Panel panel = chart.panel(titles[i]);
            for (final Variant v : variants)
            {
                final double[] values = new double[nodeCounts.length];
                for (int k = 0; k < nodeCounts.length; k++)
                {
                    final double[] m = tally.panel(v, nodeCounts[k], Tally.PANELS[i]);
                    values[k] = m == null ? Double.NaN : m[0];
                }
                panel.series(v.label, values);
            }
        }
        chart.note("Counted with every node in one JVM over Aeron IPC; a message a node sends itself is not counted. " +
            "At n = 2 requester, manager and owner cannot all differ: those points are means over the run's faults. " +
            "Central server and migration have no copies to invalidate and full replication updates every node, " +
            "so their write figures do not depend on c. Dynamic manager: mean over the probable-owner chains of the run. " +
            "ivy-broadcast is above n + 2c because former owners forward requests they need not (see README).");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, chart.render());
        System.out.println("chart written to " + file);
    }

    /** An integer as an integer, anything else with two decimals, NaN as "-". */
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
