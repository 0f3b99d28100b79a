package io.dsm.benchmarks.messages;

import io.dsm.runtime.wire.MessageCounters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


/**
 * The counts of a run: per variant, n, fault kind, copy count and role pattern, the faults, the
 * messages measured and expected and where they differed; per variant and n, the anomalies that
 * are not message counts.
 */
final class Tally
{
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

        boolean clean()
        {
            return staleReads + faultDisagreements + quiesceTimeouts + errors == 0;
        }
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Map<String, Health> health = new LinkedHashMap<>();

    Health health(final Variant v, final int n)
    {
        return health.computeIfAbsent(v.label + "|" + n, k -> new Health());
    }

    Map<String, Health> health()
    {
        return health;
    }

    Collection<Row> rows()
    {
        return rows.values();
    }

    /** One access: its prediction and the messages of each type all nodes sent for it. */
    void record(final Variant v, final int n, final Prediction p, final long[] delta)
    {
        final String key = v.label + "|" + n + "|" + p.kind + "|" + p.c + "|" + p.roles;
        final Row row = rows.computeIfAbsent(key, k -> new Row(v, n, p));
        long measured = 0;
        for (int t = 1; t < delta.length; t++)
        {
            measured += delta[t];
            row.byType[t] += delta[t];
        }
        row.faults++;
        row.measured += measured;
        row.expected += p.total();
        if (p.lh >= 0)
        {
            row.lh = Math.max(row.lh, 0) + p.lh;
        }
        if (p.hops >= 0)
        {
            final long hops = delta[Prediction.ACCESS_REQUEST];
            row.reportsHops = true;
            row.hops += hops;
            row.maxHops = Math.max(row.maxHops, hops);
        }
        if (!Arrays.equals(delta, p.expected))
        {
            row.mismatches++;
            if (row.firstMismatch == null)
            {
                row.firstMismatch = "measured " + measured + " (" + Prediction.breakdown(delta, 1) + "), expected " +
                    p.total() + " (" + Prediction.breakdown(p.expected, 1) + ")";
            }
        }
    }

    /** All messages of one variant on n nodes. */
    long messages(final Variant v, final int n)
    {
        long sum = 0;
        for (final Row r : rows.values())
        {
            if (r.variant == v && r.n == n)
            {
                sum += r.measured;
            }
        }
        return sum;
    }

    /** The summary panels, in chart order. */
    static final String[] PANELS = {"read", "write c=0", "write c=n-2"};

    /**
     * {measured mean, L&H mean or -1} of one summary panel for one variant and n, over the rows
     * whose requester, manager and owner are distinct if there are any such rows, else over all
     * rows of that fault kind; null if there are none.
     */
    double[] panel(final Variant v, final int n, final String panel)
    {
        final List<Row> candidates = new ArrayList<>();
        for (final Row r : rows.values())
        {
            if (r.variant == v && r.n == n && inPanel(r, panel))
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

    private static boolean inPanel(final Row r, final String panel)
    {
        switch (panel)
        {
            case "read":
                return Prediction.READ.equals(r.kind);
            case "write c=0":
                return Prediction.WRITE.equals(r.kind) && r.c <= 0;
            default:
                return Prediction.WRITE.equals(r.kind) && (r.c < 0 || r.c == r.n - 2);
        }
    }
}
