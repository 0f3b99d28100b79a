package io.dsm.runtime.layout;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import io.dsm.runtime.layout.MergedProfile.ClassProfile;
import io.dsm.runtime.layout.MergedProfile.Use;

/**
 * How the nodes of a run share one block of one class, judged from the merged profile.
 * <p>
 * A block is <em>quiet</em> when it moved less than once a second and no node waited on it for 1 %
 * of its time. A hot block is judged object by object, from the fields of that block each node
 * read ({@code R_n}) and wrote ({@code W_n}) on that object:
 * <ul>
 *   <li>read-mostly: no node wrote, two or more read;</li>
 *   <li>migratory: some field was written by two or more nodes (they take turns on the same data);</li>
 *   <li>true sharing: a field one node wrote was read by another (producer/consumer);</li>
 *   <li>false sharing: otherwise, when two or more nodes touched the block and one wrote: their
 *       fields are disjoint, {@code W_n ∩ (R_m ∪ W_m) = ∅} for every pair. This includes one writer
 *       and readers of other fields, since each write then still takes the block from the readers;</li>
 *   <li>objects that one node alone used are not shared and do not vote.</li>
 * </ul>
 * The block's verdict is false sharing when its shared objects are all falsely shared (read-mostly
 * ones aside), mixed when some are falsely and some truly shared (migratory counting as true), and
 * otherwise the most common of migratory and true sharing, or read-mostly.
 */
public enum SharingVerdict
{
    FALSE_SHARING("false sharing", "false-sharing", "#d62728",
        "split the block: the nodes use different fields"),
    MIXED("mixed", "mixed", "#ff7f0e",
        "split the block for its falsely shared fields; the truly shared ones stay shared"),
    MIGRATORY("migratory", "migratory", "#9467bd",
        "keep together; consider protocol migration (dsm.protocol=migration) or fewer handoffs"),
    TRUE_SHARING("true sharing", "true-sharing", "#1f77b4",
        "the data itself is shared: a layout cannot help; reduce sharing or batch"),
    READ_MOSTLY("read-mostly", "read-mostly", "#2ca02c",
        "fine after warm-up"),
    UNCLASSIFIED("unclassified", "unclassified", "#7f7f7f",
        "no layout can be derived: no object shows two nodes on this block's fields"),
    QUIET("quiet", "quiet", "#c7c7c7",
        "nothing to do");

    /** Below this many ownership moves a second (all nodes together) a block may be quiet. */
    public static final double HOT_MOVES_PER_SECOND = 1.0;
    /** Below this share of its time blocked on every node a block may be quiet. */
    public static final double HOT_BLOCKED_SHARE = 0.01;

    private final String label;
    private final String cssName;
    private final String colour;
    private final String fix;

    SharingVerdict(final String label, final String cssName, final String colour, final String fix)
    {
        this.label = label;
        this.cssName = cssName;
        this.colour = colour;
        this.fix = fix;
    }

    /** The verdict as a person says it ("false sharing"). */
    public String label()
    {
        return label;
    }

    /** A name usable as a CSS class ("false-sharing"). */
    public String cssName()
    {
        return cssName;
    }

    /** The chart's colour for this verdict, #rrggbb. */
    public String colour()
    {
        return colour;
    }

    /** What to do, in words; false sharing and mixed get the optimizer's exact layout line besides. */
    public String fix()
    {
        return fix;
    }

    /** Whether a layout can remove (some of) the block's traffic. */
    public boolean includesFalseSharing()
    {
        return this == FALSE_SHARING || this == MIXED;
    }

    /** The verdict on one block and why, with the objects counted per kind of sharing. */
    public record Classification(String className, int block, SharingVerdict verdict, String explanation,
                                 int sharedObjects, int falseObjects, int trueObjects, int migratoryObjects,
                                 int readMostlyObjects, int privateObjects)
    {
    }

    /** Ownership moves a second of that block, all nodes together. */
    public static double movesPerSecond(final MergedProfile p, final ClassProfile c, final int block)
    {
        return c.total(block).ownershipIn() / p.seconds();
    }

    /** Whether the block is too calm to be worth a look (see {@link #HOT_MOVES_PER_SECOND}). */
    public static boolean isQuiet(final MergedProfile p, final ClassProfile c, final int block)
    {
        if (movesPerSecond(p, c, block) >= HOT_MOVES_PER_SECOND)
        {
            return false;
        }
        for (final int n : p.nodes())
        {
            if (p.blockedShare(c, block, n) >= HOT_BLOCKED_SHARE)
            {
                return false;
            }
        }
        return true;
    }

    /** Judges block {@code block} of class {@code c}. */
    public static Classification classify(final MergedProfile p, final ClassProfile c, final int block)
    {
        final List<String> fields = c.fieldsOf(block);
        final Tally t = new Tally();
        for (final String object : c.objects())
        {
            t.add(ObjectUse.of(p, c, object, fields));
        }
        final String name = c.name();
        if (isQuiet(p, c, block))
        {
            return t.result(name, block, QUIET, String.format(Locale.ROOT,
                "%.2f ownership moves/s and under %.0f %% of the time blocked on every node",
                movesPerSecond(p, c, block), HOT_BLOCKED_SHARE * 100));
        }
        final int shared = t.falseObjects + t.trueObjects + t.migratoryObjects + t.readMostlyObjects;
        if (shared == 0)
        {
            return t.result(name, block, UNCLASSIFIED, t.privateObjects > 0
                ? "hot, but on each of its " + t.privateObjects + " recorded objects one node alone used this block's " +
                  "fields: the moves hand whole objects from node to node"
                : "hot, but no field accesses were recorded on this block's fields (access lines exist only for " +
                  "objects whose blocks changed owner)");
        }
        final int truly = t.trueObjects + t.migratoryObjects;
        if (t.falseObjects > 0 && truly > 0)
        {
            final StringBuilder s = new StringBuilder("false sharing on ").append(share(t.falseObjects, shared))
                .append(" (").append(t.falseFields()).append(")");
            if (t.trueObjects > 0)
            {
                s.append(", true sharing on ").append(share(t.trueObjects, shared));
            }
            if (t.migratoryObjects > 0)
            {
                s.append(", migratory on ").append(share(t.migratoryObjects, shared));
            }
            if (t.readMostlyObjects > 0)
            {
                s.append(", read-mostly on ").append(share(t.readMostlyObjects, shared));
            }
            return t.result(name, block, MIXED, s.append(" of ").append(shared).append(" shared objects").toString());
        }
        if (t.falseObjects > 0)
        {
            return t.result(name, block, FALSE_SHARING, "nodes " + and(t.falseNodes) + " share the block but no " +
                "field one writes is used by another (" + t.falseFields() + ") on " + of(t.falseObjects, shared) +
                ", yet each write takes the whole block from the others");
        }
        if (t.migratoryObjects > 0 && t.migratoryObjects >= t.trueObjects)
        {
            return t.result(name, block, MIGRATORY, t.multiWritten() + " on " + of(t.migratoryObjects, shared) +
                ": the nodes take turns on the same data and the block travels with it");
        }
        if (truly > 0)
        {
            return t.result(name, block, TRUE_SHARING, t.crossRead() + " on " + of(t.trueObjects, shared) +
                ": one node produces what another consumes");
        }
        return t.result(name, block, READ_MOSTLY, "no writes on its fields since profiling started, reads by nodes " +
            and(t.readers) + " on " + of(t.readMostlyObjects, shared) + ": the moves are the first copies");
    }

    private static String share(final int n, final int of)
    {
        return String.format(Locale.ROOT, "%d (%.0f %%)", n, 100.0 * n / of);
    }

    private static String of(final int n, final int shared)
    {
        return n + " of " + shared + " shared object" + (shared == 1 ? "" : "s");
    }

    /** "0", "0 and 1", "0, 1 and 2". */
    static String and(final SortedSet<Integer> nodes)
    {
        final List<String> s = nodes.stream().map(String::valueOf).toList();
        if (s.size() <= 1)
        {
            return String.join("", s);
        }
        return String.join(", ", s.subList(0, s.size() - 1)) + " and " + s.get(s.size() - 1);
    }

    /** What the nodes did with one object's fields of one block. */
    private enum Kind
    {
        UNUSED, PRIVATE, READ_MOSTLY, MIGRATORY, TRUE_SHARING, FALSE_SHARING
    }

    /** The kind of sharing on one object: the R_n and W_n of the block's fields, reduced to a verdict. */
    private record ObjectUse(Kind kind, SortedMap<Integer, SortedSet<String>> writes,
                             SortedMap<Integer, SortedSet<String>> reads)
    {
        static ObjectUse of(final MergedProfile p, final ClassProfile c, final String object, final List<String> fields)
        {
            final SortedMap<Integer, SortedSet<String>> w = new TreeMap<>();
            final SortedMap<Integer, SortedSet<String>> r = new TreeMap<>();
            final SortedSet<Integer> touching = new TreeSet<>();
            for (final int n : p.nodes())
            {
                for (final String f : fields)
                {
                    long busiest = 0;
                    for (final int m : p.nodes())
                    {
                        busiest = Math.max(busiest, c.use(object, f, m).total());
                    }
                    final Use u = c.use(object, f, n);
                    if (Use.significant(u.writes(), busiest))
                    {
                        w.computeIfAbsent(n, k -> new TreeSet<>()).add(f);
                        touching.add(n);
                    }
                    if (Use.significant(u.reads(), busiest))
                    {
                        r.computeIfAbsent(n, k -> new TreeSet<>()).add(f);
                        touching.add(n);
                    }
                }
            }
            final Kind kind;
            if (touching.size() < 2)
            {
                kind = touching.isEmpty() ? Kind.UNUSED : Kind.PRIVATE;
            }
            else if (w.isEmpty())
            {
                kind = Kind.READ_MOSTLY;
            }
            else if (!multiWritten(w).isEmpty())
            {
                kind = Kind.MIGRATORY;
            }
            else if (!crossRead(w, r).isEmpty())
            {
                kind = Kind.TRUE_SHARING;
            }
            else
            {
                kind = Kind.FALSE_SHARING;
            }
            return new ObjectUse(kind, w, r);
        }

        /** Field → the nodes writing it, for fields two or more nodes write. */
        static SortedMap<String, SortedSet<Integer>> multiWritten(final SortedMap<Integer, SortedSet<String>> w)
        {
            final SortedMap<String, SortedSet<Integer>> writers = new TreeMap<>();
            w.forEach((n, fs) -> fs.forEach(f -> writers.computeIfAbsent(f, k -> new TreeSet<>()).add(n)));
            writers.values().removeIf(s -> s.size() < 2);
            return writers;
        }

        /** Field → the nodes reading it that did not write it, for fields written by one node and read by another. */
        static SortedMap<String, SortedSet<Integer>> crossRead(final SortedMap<Integer, SortedSet<String>> w,
                                                               final SortedMap<Integer, SortedSet<String>> r)
        {
            final SortedMap<String, SortedSet<Integer>> readers = new TreeMap<>();
            w.forEach((n, fs) -> fs.forEach(f -> r.forEach((m, rs) ->
            {
                if (m.intValue() != n.intValue() && rs.contains(f))
                {
                    readers.computeIfAbsent(f, k -> new TreeSet<>()).add(m);
                }
            })));
            return readers;
        }
    }

    /** Counts the objects per kind and gathers, per kind, who used what, for the explanation. */
    private static final class Tally
    {
        int falseObjects;
        int trueObjects;
        int migratoryObjects;
        int readMostlyObjects;
        int privateObjects;
        final SortedSet<Integer> falseNodes = new TreeSet<>();
        final SortedSet<Integer> readers = new TreeSet<>();
        final SortedMap<Integer, SortedSet<String>> falseWrites = new TreeMap<>();
        final SortedMap<Integer, SortedSet<String>> falseReads = new TreeMap<>();
        final SortedMap<String, SortedSet<Integer>> multiWriters = new TreeMap<>();
        final SortedMap<String, SortedSet<Integer>> writersOfRead = new TreeMap<>();
        final SortedMap<String, SortedSet<Integer>> crossReaders = new TreeMap<>();

        void add(final ObjectUse o)
        {
            switch (o.kind())
            {
                case UNUSED ->
                {
                }
                case PRIVATE -> privateObjects++;
                case READ_MOSTLY ->
                {
                    readMostlyObjects++;
                    readers.addAll(o.reads().keySet());
                }
                case MIGRATORY ->
                {
                    migratoryObjects++;
                    ObjectUse.multiWritten(o.writes()).forEach((f, ns) ->
                        multiWriters.computeIfAbsent(f, k -> new TreeSet<>()).addAll(ns));
                }
                case TRUE_SHARING ->
                {
                    trueObjects++;
                    ObjectUse.crossRead(o.writes(), o.reads()).forEach((f, ns) ->
                        crossReaders.computeIfAbsent(f, k -> new TreeSet<>()).addAll(ns));
                    o.writes().forEach((n, fs) -> fs.forEach(f ->
                        writersOfRead.computeIfAbsent(f, k -> new TreeSet<>()).add(n)));
                }
                case FALSE_SHARING ->
                {
                    falseObjects++;
                    merge(falseWrites, o.writes());
                    merge(falseReads, o.reads());
                    falseNodes.addAll(o.writes().keySet());
                    falseNodes.addAll(o.reads().keySet());
                }
            }
        }

        private static void merge(final SortedMap<Integer, SortedSet<String>> into,
                                  final SortedMap<Integer, SortedSet<String>> from)
        {
            from.forEach((n, fs) -> into.computeIfAbsent(n, k -> new TreeSet<>()).addAll(fs));
        }

        /** "node 0 writes a; node 1 writes b, reads c" over the falsely shared objects. */
        String falseFields()
        {
            final List<String> parts = new ArrayList<>();
            for (final int n : falseNodes)
            {
                final SortedSet<String> w = falseWrites.getOrDefault(n, new TreeSet<>());
                final SortedSet<String> r = new TreeSet<>(falseReads.getOrDefault(n, new TreeSet<>()));
                r.removeAll(w);
                final List<String> does = new ArrayList<>();
                if (!w.isEmpty())
                {
                    does.add("writes " + String.join(", ", w));
                }
                if (!r.isEmpty())
                {
                    does.add("reads " + String.join(", ", r));
                }
                parts.add("node " + n + " " + String.join(" and ", does));
            }
            return String.join("; ", parts);
        }

        /** "count is written by nodes 0 and 1" over the migratory objects. */
        String multiWritten()
        {
            final List<String> parts = new ArrayList<>();
            for (final Map.Entry<String, SortedSet<Integer>> e : multiWriters.entrySet())
            {
                parts.add(e.getKey() + " is written by nodes " + and(e.getValue()));
            }
            return String.join("; ", parts);
        }

        /** "head is written by node 0 and read by node 1" over the truly shared objects. */
        String crossRead()
        {
            final List<String> parts = new ArrayList<>();
            for (final Map.Entry<String, SortedSet<Integer>> e : crossReaders.entrySet())
            {
                final SortedSet<Integer> w = writersOfRead.get(e.getKey());
                parts.add(e.getKey() + " is written by node" + (w.size() == 1 ? " " : "s ") + and(w) +
                    " and read by node" + (e.getValue().size() == 1 ? " " : "s ") + and(e.getValue()));
            }
            return String.join("; ", parts);
        }

        Classification result(final String cls, final int block, final SharingVerdict v, final String why)
        {
            return new Classification(cls, block, v, why,
                falseObjects + trueObjects + migratoryObjects + readMostlyObjects, falseObjects, trueObjects,
                migratoryObjects, readMostlyObjects, privateObjects);
        }
    }
}
