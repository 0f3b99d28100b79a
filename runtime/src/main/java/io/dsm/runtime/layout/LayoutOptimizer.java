package io.dsm.runtime.layout;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import io.dsm.runtime.layout.MergedProfile.ClassProfile;
import io.dsm.runtime.layout.MergedProfile.FieldInfo;
import io.dsm.runtime.layout.MergedProfile.Use;
import io.dsm.runtime.layout.SharingVerdict.Classification;

/**
 * Proposes a layout from a merged profile: a {@code java.util.Properties} text with one line per
 * class that should change, {@code layout.<class> = f1,f2 | f3}, each {@code |}-separated group a
 * block of its own and every field the line does not name left in block 0.
 * <p>
 * The grouping rule, per class: a field's <em>signature</em> is the pair (set of nodes that wrote
 * it, set of nodes that read it), summed over the class's hot objects (those with access lines:
 * their blocks changed owner). Fields with equal signatures go together, as Huron groups the data
 * "the same set of threads" uses: they are wanted by the same nodes in the same mode, so keeping
 * them in one block costs no extra transfer, while fields with different signatures in one block
 * make each node's use pull the block away from the others.
 * <ul>
 *   <li>Fields never touched on hot objects stay in block 0 (they are not listed).</li>
 *   <li>Final fields never change after construction, so the read ones form one group of their
 *       own, a block that is copied once and never invalidated, if the class is split at all.</li>
 *   <li>Volatile fields follow the same rule as the others: every protocol keeps each block
 *       linearizable, and linearizability composes, so splitting never weakens volatile semantics.</li>
 *   <li>A class has at most 15 groups (fewer when it inherits blocks: an object has 16 in all);
 *       past that, the groups with the least traffic (reads plus writes) are merged into one.</li>
 *   <li>A line names only the class's own fields, unqualified ({@code layout.X} may not place a
 *       superclass's fields): a field the profile qualifies as another class's
 *       ({@code Declaring.name}) is left where its own class puts it.</li>
 *   <li>A class whose touched fields all have one signature gets no line: splitting it would only
 *       add faults. Nor does a class the current layout already groups this way.</li>
 *   <li>By default only classes with a block whose verdict includes false sharing get a line;
 *       {@code allHotClasses} proposes a line for every class with a hot block.</li>
 * </ul>
 * Output is deterministic: fields sorted by name within a group, groups by their first field.
 */
public final class LayoutOptimizer
{
    /** Blocks 1..15 hold groups; block 0 keeps the rest. */
    public static final int MAX_GROUPS = ProfileReader.MAX_BLOCKS - 1;

    private final MergedProfile profile;
    private final boolean allHotClasses;

    /** One class's proposal: {@code line} is null when the class should not change, and {@code why} says why (not). */
    public record Proposal(String className, List<List<String>> groups, String line, String why)
    {
    }

    public LayoutOptimizer(final MergedProfile profile, final boolean allHotClasses)
    {
        this.profile = profile;
        this.allHotClasses = allHotClasses;
    }

    /** The proposals that carry a line, by class, for the classes this optimizer considers. */
    public SortedMap<String, Proposal> proposals()
    {
        final SortedMap<String, Proposal> out = new TreeMap<>();
        for (final ClassProfile c : profile.classes().values())
        {
            if (considered(c))
            {
                final Proposal p = proposal(c);
                if (p.line() != null)
                {
                    out.put(c.name(), p);
                }
            }
        }
        return out;
    }

    /** Whether the class has a block whose verdict asks for a layout (any hot block with {@code allHotClasses}). */
    public boolean considered(final ClassProfile c)
    {
        for (final int b : c.blocks())
        {
            final SharingVerdict v = SharingVerdict.classify(profile, c, b).verdict();
            if (allHotClasses ? v != SharingVerdict.QUIET : v.includesFalseSharing())
            {
                return true;
            }
        }
        return false;
    }

    /** The grouping the rule gives for class {@code c}, whatever its verdict. */
    public Proposal proposal(final ClassProfile c)
    {
        final List<Integer> nodes = profile.nodes();
        final SortedMap<String, String> signature = new TreeMap<>();
        final Map<String, Long> traffic = new TreeMap<>();
        final Map<String, String> ownName = new TreeMap<>();
        int inheritedBlocks = 0;
        boolean inheritedTouched = false;
        for (final FieldInfo f : c.fields().values())
        {
            final String own = ownName(c.name(), f.name());
            if (own == null)
            {
                inheritedBlocks = Math.max(inheritedBlocks, f.block());
            }
            else
            {
                ownName.put(f.name(), own);
            }
            final SortedSet<Integer> writers = new TreeSet<>();
            final SortedSet<Integer> readers = new TreeSet<>();
            long used = 0;
            long busiest = 0;
            for (final int n : nodes)
            {
                busiest = Math.max(busiest, c.use(f.name(), n).total());
            }
            for (final int n : nodes)
            {
                final Use u = c.use(f.name(), n);
                if (Use.significant(u.writes(), busiest))
                {
                    writers.add(n);
                }
                if (Use.significant(u.reads(), busiest))
                {
                    readers.add(n);
                }
                used += u.reads() + u.writes();
            }
            if (used > 0)
            {
                signature.put(f.name(), describe(writers, readers));
                traffic.put(f.name(), used);
                inheritedTouched |= own == null;
            }
        }
        if (signature.isEmpty())
        {
            return new Proposal(c.name(), List.of(), null, "no field accesses were recorded on its objects");
        }
        if (new HashSet<>(signature.values()).size() == 1)
        {
            return new Proposal(c.name(), List.of(), null, "every field used on its hot objects is " +
                signature.values().iterator().next() + ": splitting it would only add faults");
        }
        // signature text -> own fields; the read finals apart, under a key no signature text has
        final SortedMap<String, SortedSet<String>> bySignature = new TreeMap<>();
        final String finals = "\0final, read by nodes";
        for (final Map.Entry<String, String> e : signature.entrySet())
        {
            final FieldInfo f = c.fields().get(e.getKey());
            if (!ownName.containsKey(f.name()))
            {
                continue; // a superclass's field: its own class's line places it
            }
            if (f.isFinal())
            {
                if (e.getValue().contains("read by"))
                {
                    bySignature.computeIfAbsent(finals, k -> new TreeSet<>()).add(f.name());
                }
            }
            else
            {
                bySignature.computeIfAbsent(e.getValue(), k -> new TreeSet<>()).add(f.name());
            }
        }
        final int cap = Math.max(1, MAX_GROUPS - inheritedBlocks);
        final List<SortedSet<String>> groups = capped(new ArrayList<>(bySignature.values()), traffic, cap);
        // one group separates something only from a superclass's fields, which are in blocks of their own
        if (groups.isEmpty() || groups.size() == 1 && !inheritedTouched)
        {
            return new Proposal(c.name(), List.of(), null, "its fields of different use are final ones, which are " +
                "never invalidated after their first copy, or not its own: a line would separate nothing");
        }
        final List<String> described = new ArrayList<>();
        final List<List<String>> result = new ArrayList<>();
        for (final SortedSet<String> g : groups)
        {
            final Set<String> sigs = new TreeSet<>();
            final List<String> names = new ArrayList<>();
            for (final String f : g)
            {
                sigs.add(c.fields().get(f).isFinal() ? "final, read" : signature.get(f));
                names.add(ownName.get(f));
            }
            names.sort(null);
            result.add(List.copyOf(names));
            described.add(String.join(",", names) + ": " +
                (sigs.size() == 1 ? sigs.iterator().next() : "least used, merged"));
        }
        final List<Integer> order = new ArrayList<>();
        for (int i = 0; i < result.size(); i++)
        {
            order.add(i);
        }
        order.sort(Comparator.comparing(i -> result.get(i).get(0)));
        final List<List<String>> sorted = order.stream().map(result::get).toList();
        final String why = "groups of fields used by the same nodes in the same way: " +
            String.join(" | ", order.stream().map(described::get).toList());
        if (sameAsCurrent(c, ownName, sorted))
        {
            return new Proposal(c.name(), sorted, null, "the current layout already groups its fields this way (" +
                why + ")");
        }
        final List<String> texts = sorted.stream().map(g -> String.join(",", g)).toList();
        return new Proposal(c.name(), sorted, "layout." + c.name() + " = " + String.join(" | ", texts), why);
    }

    /**
     * The name a layout line of {@code cls} uses for a field the profile calls {@code name}, or null
     * when the field is a superclass's: a line names only the class's own fields, unqualified, and
     * the profile qualifies a name ({@code Declaring.name}) when a subclass shadows it.
     */
    static String ownName(final String cls, final String name)
    {
        final int dot = name.lastIndexOf('.');
        if (dot < 0)
        {
            return name;
        }
        return name.substring(0, dot).equals(cls) ? name.substring(dot + 1) : null;
    }

    /** The layout file: a comment header about the run, then one commented line per class to change. */
    public String layoutFile(final Instant now)
    {
        final StringBuilder s = new StringBuilder();
        s.append("# dsm coherence-block layout proposed by dsm-layout (").append(LayoutTool.class.getName())
            .append(")\n");
        s.append("# date: ").append(now.truncatedTo(ChronoUnit.SECONDS)).append('\n');
        s.append("# run: ").append(runLine(profile)).append('\n');
        final List<String> names = profile.sources().stream().map(LayoutOptimizer::fileName).toList();
        s.append("# profiles: ").append(String.join(", ", names)).append('\n');
        s.append("# layout.<class> = fields of block 1 | fields of block 2 | ...; fields not named stay in block 0.\n");
        s.append("# Fields in one group are written and read by the same nodes").append(allHotClasses
            ? "; every class with a hot block is considered.\n" : "; only classes with false sharing are listed.\n");
        final SortedMap<String, Proposal> proposals = proposals();
        if (proposals.isEmpty())
        {
            s.append("# No class needs a new layout.\n");
        }
        for (final Proposal p : proposals.values())
        {
            s.append('\n');
            final ClassProfile c = profile.classProfile(p.className());
            for (final int b : c.blocks())
            {
                final Classification v = SharingVerdict.classify(profile, c, b);
                if (v.verdict() != SharingVerdict.QUIET)
                {
                    s.append("# block ").append(b).append(": ").append(v.verdict().label()).append(": ")
                        .append(v.explanation()).append('\n');
                }
            }
            s.append("# ").append(p.why()).append('\n');
            s.append(p.line()).append('\n');
        }
        return ascii(s.toString());
    }

    /** "3 nodes (profiles of 0, 1 and 2), protocol ivy-forwarding-manager, 12.345 s". */
    static String runLine(final MergedProfile p)
    {
        return String.format(Locale.ROOT, "%d node%s (profiles of node%s %s), protocol %s, %.3f s", p.clusterSize(),
            p.clusterSize() == 1 ? "" : "s", p.nodes().size() == 1 ? "" : "s", SharingVerdict.and(new TreeSet<>(p.nodes())),
            p.protocol(), p.durationMs() / 1000.0);
    }

    static String fileName(final String source)
    {
        try
        {
            final Path name = Path.of(source).getFileName();
            return name == null ? source : name.toString();
        }
        catch (final RuntimeException e)
        {
            return source;
        }
    }

    /** "written by nodes 0 and 1, read by node 1"; the text is also the signature's identity. */
    private static String describe(final SortedSet<Integer> writers, final SortedSet<Integer> readers)
    {
        final List<String> parts = new ArrayList<>();
        if (!writers.isEmpty())
        {
            parts.add("written by node" + (writers.size() == 1 ? " " : "s ") + SharingVerdict.and(writers));
        }
        if (!readers.isEmpty())
        {
            parts.add("read by node" + (readers.size() == 1 ? " " : "s ") + SharingVerdict.and(readers));
        }
        return String.join(", ", parts);
    }

    /** At most {@code cap} groups: the busiest keep theirs, the rest become one group. */
    private static List<SortedSet<String>> capped(final List<SortedSet<String>> groups, final Map<String, Long> traffic,
                                                  final int cap)
    {
        if (groups.size() <= cap)
        {
            return groups;
        }
        final Comparator<SortedSet<String>> busiestFirst = Comparator
            .comparingLong((SortedSet<String> g) -> g.stream().mapToLong(traffic::get).sum()).reversed()
            .thenComparing(SortedSet::first);
        groups.sort(busiestFirst);
        final List<SortedSet<String>> kept = new ArrayList<>(groups.subList(0, cap - 1));
        final SortedSet<String> rest = new TreeSet<>();
        groups.subList(cap - 1, groups.size()).forEach(rest::addAll);
        kept.add(rest);
        return kept;
    }

    /** Whether the current layout's blocks after block 0 hold exactly these groups of the class's own fields. */
    private static boolean sameAsCurrent(final ClassProfile c, final Map<String, String> ownName,
                                         final List<List<String>> groups)
    {
        final Map<Integer, Set<String>> current = new TreeMap<>();
        for (final FieldInfo f : c.fields().values())
        {
            if (f.block() > 0 && ownName.containsKey(f.name()))
            {
                current.computeIfAbsent(f.block(), k -> new TreeSet<>()).add(ownName.get(f.name()));
            }
        }
        final Set<Set<String>> proposed = new HashSet<>();
        groups.forEach(g -> proposed.add(new TreeSet<>(g)));
        return new HashSet<>(current.values()).equals(proposed);
    }

    /** Properties files are ISO-8859-1: anything else is written as a {@code \}{@code uXXXX} escape. */
    private static String ascii(final String s)
    {
        final StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++)
        {
            final char ch = s.charAt(i);
            if (ch < 0x7f)
            {
                out.append(ch);
            }
            else
            {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
            }
        }
        return out.toString();
    }
}
