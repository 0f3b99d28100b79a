package io.dsm.runtime.layout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import io.dsm.runtime.layout.LayoutOptimizer.Proposal;
import io.dsm.runtime.layout.MergedProfile.ClassProfile;
import io.dsm.runtime.layout.MergedProfile.Use;
import io.dsm.runtime.layout.ProfileReader.BlockCounts;
import io.dsm.runtime.layout.SharingVerdict.Classification;

/**
 * The false-sharing report: per class and block, ranked by the time the nodes waited on it, the
 * traffic it caused, how each node used its fields, the verdict and the fix; then the quiet blocks.
 * Holds the figures ({@link #hot()}, {@link #quiet()}) for {@link HtmlReport} and renders them as
 * plain text in fixed-width columns ({@link #text()}).
 */
public final class FalseSharingReport
{
    private final MergedProfile profile;
    private final List<Entry> hot = new ArrayList<>();
    private final List<Entry> quiet = new ArrayList<>();

    /** A field's reads and writes a second per node (over the objects with access lines). */
    public record FieldRates(String field, SortedMap<Integer, Double> readsPerSecond,
                             SortedMap<Integer, Double> writesPerSecond)
    {
    }

    /**
     * One class's block. {@code bytesPerMove} is NaN without moves; {@code fixIsLine} tells whether
     * {@code fix} is a layout line (else it is advice in words).
     */
    public record Entry(String className, int block, List<String> fields, SortedSet<Integer> nodes,
                        double movesPerSecond, double messagesPerSecond, double bytesPerSecond, double bytesPerMove,
                        long blockedNs, SortedMap<Integer, Double> blockedShare, List<FieldRates> fieldRates,
                        Classification classification, String fix, boolean fixIsLine)
    {
        public SharingVerdict verdict()
        {
            return classification.verdict();
        }

        /** The largest share of its time any node was blocked on this block. */
        public double maxBlockedShare()
        {
            return blockedShare.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }
    }

    public FalseSharingReport(final MergedProfile profile, final LayoutOptimizer optimizer)
    {
        this.profile = profile;
        for (final ClassProfile c : profile.classes().values())
        {
            Proposal proposal = null;
            for (final int b : c.blocks())
            {
                final Classification v = SharingVerdict.classify(profile, c, b);
                final String fix;
                final boolean isLine;
                if (v.verdict().includesFalseSharing())
                {
                    proposal = proposal != null ? proposal : optimizer.proposal(c);
                    isLine = proposal.line() != null;
                    fix = isLine ? proposal.line() : "no layout line: " + proposal.why();
                }
                else
                {
                    isLine = false;
                    fix = v.verdict().fix();
                }
                final Entry e = entry(c, b, v, fix, isLine);
                (v.verdict() == SharingVerdict.QUIET ? quiet : hot).add(e);
            }
        }
        hot.sort(Comparator.comparingLong(Entry::blockedNs).reversed()
            .thenComparing(Comparator.comparingDouble(Entry::movesPerSecond).reversed())
            .thenComparing(Entry::className).thenComparingInt(Entry::block));
    }

    private Entry entry(final ClassProfile c, final int b, final Classification v, final String fix, final boolean isLine)
    {
        final double s = profile.seconds();
        final BlockCounts t = c.total(b);
        final List<String> fields = c.fieldsOf(b);
        final SortedSet<Integer> nodes = new TreeSet<>();
        final SortedMap<Integer, Double> blocked = new TreeMap<>();
        for (final int n : profile.nodes())
        {
            final BlockCounts k = c.counts(b, n);
            if (k.ownershipIn() + k.ownershipOut() + k.invalidationsIn() + k.messagesIn() + k.messagesOut() +
                k.readFaults() + k.writeFaults() + k.blockedNs() > 0)
            {
                nodes.add(n);
            }
            for (final String f : fields)
            {
                final Use u = c.use(f, n);
                if (u.reads() + u.writes() > 0)
                {
                    nodes.add(n);
                }
            }
        }
        for (final int n : nodes)
        {
            blocked.put(n, profile.blockedShare(c, b, n));
        }
        final List<FieldRates> rates = new ArrayList<>();
        for (final String f : fields)
        {
            final SortedMap<Integer, Double> r = new TreeMap<>();
            final SortedMap<Integer, Double> w = new TreeMap<>();
            for (final int n : nodes)
            {
                final Use u = c.use(f, n);
                r.put(n, u.reads() / s);
                w.put(n, u.writes() / s);
            }
            rates.add(new FieldRates(f, r, w));
        }
        // each message is counted by its sender (out) and its receiver (in): a missing profile loses one side only
        final double messages = Math.max(t.messagesIn(), t.messagesOut()) / s;
        final double bytes = Math.max(t.bytesIn(), t.bytesOut()) / s;
        final double moves = t.ownershipIn() / s;
        return new Entry(c.name(), b, fields, nodes, moves, messages, bytes,
            t.ownershipIn() == 0 ? Double.NaN : Math.max(t.bytesIn(), t.bytesOut()) / (double) t.ownershipIn(),
            t.blockedNs(), blocked, rates, v, fix, isLine);
    }

    public MergedProfile profile()
    {
        return profile;
    }

    /** The hot blocks, the longest waited on first. */
    public List<Entry> hot()
    {
        return List.copyOf(hot);
    }

    /** The quiet blocks, by class and block. */
    public List<Entry> quiet()
    {
        return List.copyOf(quiet);
    }

    /** "2 hot blocks (1 false sharing, 1 migratory), 3 quiet". */
    public String summary()
    {
        final SortedMap<SharingVerdict, Integer> count = new TreeMap<>();
        hot.forEach(e -> count.merge(e.verdict(), 1, Integer::sum));
        final List<String> parts = new ArrayList<>();
        count.forEach((v, n) -> parts.add(n + " " + v.label()));
        return hot.size() + " hot block" + (hot.size() == 1 ? "" : "s") + (parts.isEmpty() ? "" : " (" +
            String.join(", ", parts) + ")") + ", " + quiet.size() + " quiet";
    }

    /** The report as text, for a terminal or a file. */
    public String text()
    {
        final StringBuilder s = new StringBuilder();
        s.append("dsm false-sharing report\n");
        s.append("run:       ").append(LayoutOptimizer.runLine(profile)).append('\n');
        s.append("profiles:  ").append(String.join(", ", profile.sources().stream().map(LayoutOptimizer::fileName)
            .toList())).append('\n');
        s.append("blocks:    ").append(summary()).append("\n");
        if (profile.nodes().size() < profile.clusterSize())
        {
            s.append("note:      only ").append(profile.nodes().size()).append(" of ").append(profile.clusterSize())
                .append(" nodes' profiles were given; the others' traffic is missing\n");
        }
        if (!hot.isEmpty())
        {
            s.append('\n');
            final List<List<String>> rows = new ArrayList<>();
            int rank = 1;
            for (final Entry e : hot)
            {
                rows.add(List.of(String.valueOf(rank++), e.className(), String.valueOf(e.block()), e.verdict().label(),
                    rate(e.movesPerSecond()), rate(e.messagesPerSecond()), bytes(e.bytesPerSecond()) + "/s",
                    share(e.maxBlockedShare())));
            }
            table(s, "", List.of("#", "class", "block", "verdict", "moves/s", "messages/s", "bytes/s",
                "max blocked"), rows, "r l r l r r r r");
        }
        int rank = 1;
        for (final Entry e : hot)
        {
            s.append('\n').append(rank++).append(". ").append(e.className()).append(", block ").append(e.block())
                .append(": ").append(e.verdict().label()).append('\n');
            item(s, "fields", e.fields().isEmpty() ? "(none known)" : String.join(", ", e.fields()));
            item(s, "protocol", profile.protocol());
            item(s, "nodes", e.nodes().isEmpty() ? "(none)" : SharingVerdict.and(e.nodes()));
            item(s, "traffic", rate(e.movesPerSecond()) + " ownership moves/s, " + rate(e.messagesPerSecond()) +
                " messages/s, " + bytes(e.bytesPerSecond()) + "/s, " +
                (Double.isNaN(e.bytesPerMove()) ? "no moves" : bytes(e.bytesPerMove()) + " per move"));
            final List<String> blocked = new ArrayList<>();
            e.blockedShare().forEach((n, v) -> blocked.add("node " + n + " " + share(v)));
            item(s, "blocked", blocked.isEmpty() ? "-" : String.join(", ", blocked));
            if (!e.fields().isEmpty() && !e.nodes().isEmpty())
            {
                final List<String> header = new ArrayList<>(List.of("field"));
                final StringBuilder align = new StringBuilder("l");
                for (final int n : e.nodes())
                {
                    header.add("node " + n + " reads/s");
                    header.add("node " + n + " writes/s");
                    align.append(" r r");
                }
                final List<List<String>> rows = new ArrayList<>();
                for (final FieldRates f : e.fieldRates())
                {
                    final List<String> row = new ArrayList<>(List.of(f.field()));
                    for (final int n : e.nodes())
                    {
                        row.add(rate(f.readsPerSecond().get(n)));
                        row.add(rate(f.writesPerSecond().get(n)));
                    }
                    rows.add(row);
                }
                table(s, "   ", header, rows, align.toString());
            }
            item(s, "verdict", e.verdict().label() + ": " + e.classification().explanation());
            item(s, "fix", e.fix());
        }
        if (!quiet.isEmpty())
        {
            s.append("\nquiet blocks (under ").append(rate(SharingVerdict.HOT_MOVES_PER_SECOND))
                .append(" ownership moves/s and under ").append(share(SharingVerdict.HOT_BLOCKED_SHARE))
                .append(" of the time blocked on every node):\n");
            for (final Entry e : quiet)
            {
                s.append("  ").append(quietLine(e)).append('\n');
            }
        }
        return s.toString();
    }

    /** "com.example.C block 1 (c, d): 0.20 moves/s, at most 0.1 % blocked". */
    static String quietLine(final Entry e)
    {
        return e.className() + " block " + e.block() + (e.fields().isEmpty() ? "" : " (" + String.join(", ", e.fields()) +
            ")") + ": " + rate(e.movesPerSecond()) + " moves/s, at most " + share(e.maxBlockedShare()) + " blocked";
    }

    private static void item(final StringBuilder s, final String name, final String value)
    {
        s.append(String.format(Locale.ROOT, "   %-9s %s\n", name, value));
    }

    /** Columns as wide as their widest cell, two spaces apart; {@code align} has l or r per column. */
    private static void table(final StringBuilder s, final String indent, final List<String> header,
                              final List<List<String>> rows, final String align)
    {
        final String[] a = align.split(" ");
        final int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++)
        {
            width[i] = header.get(i).length();
            for (final List<String> r : rows)
            {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        final List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (final List<String> r : all)
        {
            final StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < width.length; i++)
            {
                final String cell = r.get(i);
                final String pad = " ".repeat(width[i] - cell.length());
                line.append(i == 0 ? "" : "  ").append(a[i].equals("r") ? pad + cell : cell + pad);
            }
            s.append(line.toString().stripTrailing()).append('\n');
        }
    }

    /** A rate with as many decimals as matter at its size. */
    static String rate(final double v)
    {
        if (v == 0)
        {
            return "0";
        }
        if (v < 10)
        {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return v < 1000 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%,.0f", v);
    }

    /** A byte count in B, KiB, MiB or GiB. */
    static String bytes(final double v)
    {
        if (v < 1024)
        {
            return String.format(Locale.ROOT, "%.0f B", v);
        }
        if (v < 1024 * 1024)
        {
            return String.format(Locale.ROOT, "%.1f KiB", v / 1024);
        }
        return v < 1024.0 * 1024 * 1024 ? String.format(Locale.ROOT, "%.1f MiB", v / (1024 * 1024))
            : String.format(Locale.ROOT, "%.1f GiB", v / (1024.0 * 1024 * 1024));
    }

    /** A share (0..1) as a percentage. */
    static String share(final double v)
    {
        return String.format(Locale.ROOT, "%.1f %%", v * 100);
    }
}
