package io.dsm.runtime.layout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import io.dsm.runtime.layout.ProfileReader.AccessLine;
import io.dsm.runtime.layout.ProfileReader.BadProfileException;
import io.dsm.runtime.layout.ProfileReader.BlockCounts;
import io.dsm.runtime.layout.ProfileReader.BlockLine;
import io.dsm.runtime.layout.ProfileReader.FieldLine;
import io.dsm.runtime.layout.ProfileReader.Profile;

/**
 * The profiles of all nodes of one run, merged: per class, its layout, its fields, each node's
 * block totals and each node's field accesses per object. The files must describe the same run
 * (same cluster size, protocol and layouts; distinct node ids), else merging fails naming what
 * differs. A class missing from one file is fine: that node never used it.
 */
public final class MergedProfile
{
    private final List<String> sources;
    private final int clusterSize;
    private final String protocol;
    private final SortedMap<Integer, Long> durationByNode;
    private final long durationMs;
    private final SortedMap<String, ClassProfile> classes;

    private MergedProfile(final List<String> sources, final int clusterSize, final String protocol,
                          final SortedMap<Integer, Long> durationByNode, final SortedMap<String, ClassProfile> classes)
    {
        this.sources = sources;
        this.clusterSize = clusterSize;
        this.protocol = protocol;
        this.durationByNode = durationByNode;
        this.durationMs = durationByNode.values().stream().mapToLong(Long::longValue).max().orElse(0);
        this.classes = classes;
    }

    /** What the merged files say about one field; {@code block} is its block in the current layout. */
    public record FieldInfo(String name, int block, String type, boolean isFinal, boolean isVolatile)
    {
    }

    /** One node's reads and writes of one field of one object. */
    public record Use(long reads, long writes)
    {
        public static final Use NONE = new Use(0, 0);

        /**
         * Whether {@code count} accesses by one node matter next to {@code busiest}, the most any node
         * made of the same field: at least 1 % of it. A node that reads another's counter once at
         * the end (to print it) does not turn millions of private increments into true sharing.
         */
        public static boolean significant(final long count, final long busiest)
        {
            return count > 0 && count * 100 >= busiest;
        }

        public long total()
        {
            return reads + writes;
        }
    }

    /** Everything the run recorded about one class. */
    public static final class ClassProfile
    {
        private final String name;
        private String layoutText;
        private List<List<String>> layout = List.of();
        private final SortedMap<String, FieldInfo> fields = new TreeMap<>();
        private final SortedMap<Integer, SortedMap<Integer, BlockCounts>> blocks = new TreeMap<>();
        /** object id → field → node → use. */
        private final SortedMap<String, SortedMap<String, SortedMap<Integer, Use>>> objects = new TreeMap<>();

        ClassProfile(final String name)
        {
            this.name = name;
        }

        public String name()
        {
            return name;
        }

        /** The layout text the run used ("a,b | c"), or null when no file had a layout line. */
        public String layoutText()
        {
            return layoutText;
        }

        /** The fields the run knows of, by name (from field lines and the layout line). */
        public SortedMap<String, FieldInfo> fields()
        {
            return Collections.unmodifiableSortedMap(fields);
        }

        /** The fields in block {@code block}: in the layout's order first, then those only field lines name. */
        public List<String> fieldsOf(final int block)
        {
            final List<String> out = new ArrayList<>();
            for (final String f : block < layout.size() ? layout.get(block) : List.<String>of())
            {
                final FieldInfo info = fields.get(f);
                if (info != null && info.block() == block && !out.contains(f))
                {
                    out.add(f);
                }
            }
            for (final FieldInfo f : fields.values())
            {
                if (f.block() == block && !out.contains(f.name()))
                {
                    out.add(f.name());
                }
            }
            return out;
        }

        /** The block indices some node wrote a block line for. */
        public SortedSet<Integer> blocks()
        {
            return Collections.unmodifiableSortedSet(new TreeSet<>(blocks.keySet()));
        }

        /** Node {@code node}'s totals for block {@code block}; zeros when it wrote none. */
        public BlockCounts counts(final int block, final int node)
        {
            return blocks.getOrDefault(block, Collections.emptySortedMap()).getOrDefault(node, BlockCounts.ZERO);
        }

        /** All nodes' totals for block {@code block} added up. */
        public BlockCounts total(final int block)
        {
            BlockCounts sum = BlockCounts.ZERO;
            for (final BlockCounts c : blocks.getOrDefault(block, Collections.emptySortedMap()).values())
            {
                sum = sum.plus(c);
            }
            return sum;
        }

        /** The ids of the objects with access lines: those whose blocks changed owner on some node. */
        public SortedSet<String> objects()
        {
            return Collections.unmodifiableSortedSet(new TreeSet<>(objects.keySet()));
        }

        /** Node {@code node}'s use of field {@code field} of object {@code object}. */
        public Use use(final String object, final String field, final int node)
        {
            return objects.getOrDefault(object, Collections.emptySortedMap())
                .getOrDefault(field, Collections.emptySortedMap()).getOrDefault(node, Use.NONE);
        }

        /** Node {@code node}'s use of {@code field}, summed over all objects with access lines. */
        public Use use(final String field, final int node)
        {
            long r = 0;
            long w = 0;
            for (final SortedMap<String, SortedMap<Integer, Use>> perField : objects.values())
            {
                final Use u = perField.getOrDefault(field, Collections.emptySortedMap()).getOrDefault(node, Use.NONE);
                r += u.reads();
                w += u.writes();
            }
            return new Use(r, w);
        }
    }

    /** Merges the profiles of one run; fails naming the file and the disagreement. */
    public static MergedProfile merge(final List<Profile> profiles)
    {
        if (profiles.isEmpty())
        {
            throw new BadProfileException("no profiles to merge; give the dsm-profile-node<id>.tsv of every node");
        }
        final Profile first = profiles.get(0);
        final List<String> sources = new ArrayList<>();
        final SortedMap<Integer, Long> durations = new TreeMap<>();
        final Map<Integer, String> sourceOfNode = new HashMap<>();
        final Map<String, String> layoutSource = new HashMap<>();
        final Map<String, String> fieldSource = new HashMap<>();
        final SortedMap<String, ClassProfile> classes = new TreeMap<>();
        for (final Profile p : profiles)
        {
            sources.add(p.source());
            if (p.nodes() != first.nodes())
            {
                throw mismatch(first, p, "the cluster size", String.valueOf(first.nodes()), String.valueOf(p.nodes()));
            }
            if (!p.protocol().equals(first.protocol()))
            {
                throw mismatch(first, p, "the protocol", first.protocol(), p.protocol());
            }
            final String other = sourceOfNode.putIfAbsent(p.node(), p.source());
            if (other != null)
            {
                throw new BadProfileException(p.source() + ": node " + p.node() + " again (also " + other +
                    "); give each node's profile once");
            }
            durations.put(p.node(), p.durationMs());
            for (final Map.Entry<String, String> e : p.layouts().entrySet())
            {
                final ClassProfile c = classes.computeIfAbsent(e.getKey(), ClassProfile::new);
                if (c.layoutText == null)
                {
                    c.layoutText = e.getValue();
                    c.layout = ProfileReader.parseLayout(e.getValue());
                    layoutSource.put(c.name, p.source());
                }
                else if (!c.layoutText.equals(e.getValue()))
                {
                    throw new BadProfileException("the profiles disagree on the layout of class " + c.name + ": '" +
                        c.layoutText + "' in " + layoutSource.get(c.name) + ", '" + e.getValue() + "' in " +
                        p.source() + "; merge only the profiles of one run");
                }
            }
            for (final FieldLine f : p.fields())
            {
                final ClassProfile c = classes.computeIfAbsent(f.className(), ClassProfile::new);
                final FieldInfo info = new FieldInfo(f.name(), f.block(), f.type(), f.isFinal(), f.isVolatile());
                final FieldInfo before = c.fields.putIfAbsent(f.name(), info);
                if (before == null)
                {
                    fieldSource.put(c.name + '.' + f.name(), p.source());
                }
                else if (!before.equals(info))
                {
                    throw new BadProfileException(p.source() + ":" + f.line() + ": field " + f.name() + " of class " +
                        c.name + " is " + describe(info) + " here but " + describe(before) + " in " +
                        fieldSource.get(c.name + '.' + f.name()) + "; merge only the profiles of one run");
                }
            }
            for (final BlockLine b : p.blocks())
            {
                classes.computeIfAbsent(b.className(), ClassProfile::new).blocks
                    .computeIfAbsent(b.block(), k -> new TreeMap<>()).put(p.node(), b.counts());
            }
            for (final AccessLine a : p.accesses())
            {
                classes.computeIfAbsent(a.className(), ClassProfile::new).objects
                    .computeIfAbsent(a.object(), k -> new TreeMap<>())
                    .computeIfAbsent(a.field(), k -> new TreeMap<>())
                    .put(p.node(), new Use(a.reads(), a.writes()));
            }
        }
        if (durations.size() > first.nodes())
        {
            throw new BadProfileException("the profiles are of " + durations.size() + " nodes but say the cluster had " +
                first.nodes() + "; merge only the profiles of one run");
        }
        // Fields the layout line names (once) but no field line describes: their block is known, the rest is not.
        for (final ClassProfile c : classes.values())
        {
            for (int b = 0; b < c.layout.size(); b++)
            {
                for (final String f : c.layout.get(b))
                {
                    if (ProfileReader.blockInLayout(c.layout, f) != b)
                    {
                        continue; // named in two blocks: a shadowed name, which the field lines qualify
                    }
                    final FieldInfo known = c.fields.putIfAbsent(f, new FieldInfo(f, b, "?", false, false));
                    if (known != null && known.block() != b)
                    {
                        throw new BadProfileException("field " + f + " of class " + c.name + " is in block " +
                            known.block() + " by the field line in " + fieldSource.get(c.name + '.' + f) +
                            " but in block " + b + " by the layout line in " + layoutSource.get(c.name));
                    }
                }
            }
        }
        return new MergedProfile(List.copyOf(sources), first.nodes(), first.protocol(), durations, classes);
    }

    private static BadProfileException mismatch(final Profile first, final Profile p, final String what,
                                                final String a, final String b)
    {
        return new BadProfileException("the profiles are not of one run: " + what + " is " + a + " in " + first.source() +
            " but " + b + " in " + p.source());
    }

    private static String describe(final FieldInfo f)
    {
        return f.type() + " in block " + f.block() + (f.isFinal() ? ", final" : "") + (f.isVolatile() ? ", volatile" : "");
    }

    /** The files merged, as named when read. */
    public List<String> sources()
    {
        return sources;
    }

    /** The cluster size the profiles state (there may be fewer profiles, if a node wrote none). */
    public int clusterSize()
    {
        return clusterSize;
    }

    public String protocol()
    {
        return protocol;
    }

    /** The ids of the nodes whose profiles were merged, ascending. */
    public List<Integer> nodes()
    {
        return List.copyOf(durationByNode.keySet());
    }

    /** How long node {@code node} profiled. */
    public long durationMs(final int node)
    {
        return durationByNode.getOrDefault(node, 0L);
    }

    /** The run's duration: the longest any node profiled. */
    public long durationMs()
    {
        return durationMs;
    }

    /** The run's duration in seconds for rates; at least a millisecond, so that a rate is never a division by 0. */
    public double seconds()
    {
        return Math.max(durationMs, 1) / 1000.0;
    }

    /** The share (0..1) of node {@code node}'s profiled time its threads waited in faults on that block. */
    public double blockedShare(final ClassProfile c, final int block, final int node)
    {
        return c.counts(block, node).blockedNs() / (Math.max(durationMs(node), 1) * 1e6);
    }

    /** Every class any file mentions, by binary name. */
    public SortedMap<String, ClassProfile> classes()
    {
        return Collections.unmodifiableSortedMap(classes);
    }

    /** The class named, or null. */
    public ClassProfile classProfile(final String name)
    {
        return classes.get(name);
    }
}
