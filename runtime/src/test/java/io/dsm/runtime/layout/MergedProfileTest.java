package io.dsm.runtime.layout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.dsm.runtime.layout.MergedProfile.ClassProfile;
import io.dsm.runtime.layout.MergedProfile.FieldInfo;
import io.dsm.runtime.layout.MergedProfile.Use;
import io.dsm.runtime.layout.ProfileReader.BadProfileException;
import io.dsm.runtime.layout.ProfileReader.BlockCounts;
import io.dsm.runtime.layout.ProfileReader.Profile;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Merging: one run's files agree and add up; files of different runs are refused, naming the difference. */
class MergedProfileTest
{
    /**
     * Writes the profile text of each node of a made-up run, in the format the reader takes, so
     * that the tests of this package start from files as a run leaves them.
     */
    static final class Run
    {
        private final int nodes;
        private final Map<Integer, Long> duration = new TreeMap<>();
        private String protocol = "ivy-forwarding-manager";
        private final Map<String, String> layouts = new LinkedHashMap<>();
        private final List<String> fieldLines = new ArrayList<>();
        private final Map<Integer, List<String>> lines = new TreeMap<>();

        Run(final int nodes, final long durationMs)
        {
            this.nodes = nodes;
            for (int n = 0; n < nodes; n++)
            {
                duration.put(n, durationMs);
                lines.put(n, new ArrayList<>());
            }
        }

        Run protocol(final String name)
        {
            protocol = name;
            return this;
        }

        Run duration(final int node, final long ms)
        {
            duration.put(node, ms);
            return this;
        }

        /** A class with its layout text; {@code fields} are "name" or "name:flags" (flags final,volatile). */
        Run cls(final String cls, final String layout, final String... fields)
        {
            layouts.put(cls, layout);
            final List<List<String>> blocks = ProfileReader.parseLayout(layout);
            for (final String spec : fields)
            {
                final String[] p = spec.split(":");
                int block = -1;
                for (int b = 0; b < blocks.size(); b++)
                {
                    block = blocks.get(b).contains(p[0]) ? b : block;
                }
                fieldLines.add("field\t" + cls + "\t" + p[0] + "\t" + block + "\tlong\t" + (p.length > 1 ? p[1] : "-"));
            }
            return this;
        }

        /** A block line: {@code moves} ownership moves in, as many out, two messages of 64 bytes a move. */
        Run block(final int node, final String cls, final int block, final long moves, final long blockedNs)
        {
            lines.get(node).add("block\t" + cls + "\t" + block + "\t1\t" + moves + "\t" + moves + "\t" + moves + "\t" +
                2 * moves + "\t" + 2 * moves + "\t" + 128 * moves + "\t" + 128 * moves + "\t0\t" + moves + "\t" +
                blockedNs);
            return this;
        }

        Run access(final int node, final String cls, final String object, final String field, final long reads,
                   final long writes)
        {
            lines.get(node).add("access\t" + cls + "\t" + object + "\t" + field + "\t" + reads + "\t" + writes);
            return this;
        }

        String text(final int node)
        {
            final StringBuilder s = new StringBuilder("# dsm-profile 1\n");
            s.append("node\t").append(node).append("\nnodes\t").append(nodes).append("\nprotocol\t").append(protocol)
                .append("\ndurationMs\t").append(duration.get(node)).append('\n');
            layouts.forEach((c, l) -> s.append("layout\t").append(c).append('\t').append(l).append('\n'));
            fieldLines.forEach(l -> s.append(l).append('\n'));
            lines.get(node).forEach(l -> s.append(l).append('\n'));
            return s.toString();
        }

        Profile profile(final int node)
        {
            return ProfileReader.parse("dsm-profile-node" + node + ".tsv", text(node));
        }

        MergedProfile merged()
        {
            final List<Profile> all = new ArrayList<>();
            lines.keySet().forEach(n -> all.add(profile(n)));
            return MergedProfile.merge(all);
        }

        List<Path> write(final Path dir) throws IOException
        {
            final List<Path> files = new ArrayList<>();
            for (final int n : lines.keySet())
            {
                final Path f = dir.resolve("dsm-profile-node" + n + ".tsv");
                Files.writeString(f, text(n), StandardCharsets.UTF_8);
                files.add(f);
            }
            return files;
        }
    }

    /** Node 0 writes a, node 1 writes b, of one object whose block holds both: the textbook case. */
    static Run twoCounters()
    {
        return new Run(2, 10_000)
            .cls("demo.Counters", "a,b", "a", "b")
            .block(0, "demo.Counters", 0, 5_000, 2_000_000_000L)
            .block(1, "demo.Counters", 0, 5_000, 2_500_000_000L)
            .access(0, "demo.Counters", "0:1", "a", 100_000, 100_000)
            .access(1, "demo.Counters", "0:1", "b", 100_000, 100_000);
    }

    @Test
    void mergesTheNodesOfOneRun()
    {
        final MergedProfile m = twoCounters().duration(1, 12_000).merged();
        assertEquals(List.of(0, 1), m.nodes());
        assertEquals(2, m.clusterSize());
        assertEquals("ivy-forwarding-manager", m.protocol());
        assertEquals(12_000, m.durationMs(), "the run lasts as long as the longest profile");
        assertEquals(10_000, m.durationMs(0));
        assertEquals(List.of("dsm-profile-node0.tsv", "dsm-profile-node1.tsv"), m.sources());
        final ClassProfile c = m.classProfile("demo.Counters");
        assertEquals("a,b", c.layoutText());
        assertEquals(List.of("a", "b"), c.fieldsOf(0));
        assertEquals(new FieldInfo("a", 0, "long", false, false), c.fields().get("a"));
        final BlockCounts total = c.total(0);
        assertEquals(10_000, total.ownershipIn());
        assertEquals(4_500_000_000L, total.blockedNs());
        assertEquals(1, total.objects(), "both nodes count the same object once");
        assertEquals(5_000, c.counts(0, 1).ownershipIn());
        assertEquals(BlockCounts.ZERO, c.counts(3, 1));
        assertEquals(List.of("0:1"), List.copyOf(c.objects()));
        assertEquals(new Use(100_000, 100_000), c.use("0:1", "a", 0));
        assertEquals(Use.NONE, c.use("0:1", "a", 1));
        assertEquals(0.2, m.blockedShare(c, 0, 0), 1e-9, "2 s of node 0's 10 s");
        assertEquals(2.5 / 12, m.blockedShare(c, 0, 1), 1e-9, "2.5 s of node 1's 12 s");
    }

    @Test
    void sumsAFieldsUseOverObjects()
    {
        final MergedProfile m = twoCounters().access(0, "demo.Counters", "0:2", "a", 5, 1).merged();
        assertEquals(new Use(100_005, 100_001), m.classProfile("demo.Counters").use("a", 0));
    }

    @Test
    void aClassOneNodeNeverUsedIsFine()
    {
        final Run run = twoCounters();
        final Profile p1 = ProfileReader.parse("n1.tsv",
            run.text(1) + "layout\tdemo.Other\tx\nblock\tdemo.Other\t0\t1\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\n");
        final MergedProfile m = MergedProfile.merge(List.of(run.profile(0), p1));
        assertEquals("x", m.classProfile("demo.Other").layoutText());
        assertEquals(List.of("x"), m.classProfile("demo.Other").fieldsOf(0));
        assertNull(m.classProfile("demo.None"));
    }

    @Test
    void refusesProfilesOfDifferentClusterSizesOrProtocols()
    {
        final Run run = twoCounters();
        final Profile other = ProfileReader.parse("x.tsv", run.text(1).replace("nodes\t2", "nodes\t3"));
        final String size = assertThrows(BadProfileException.class,
            () -> MergedProfile.merge(List.of(run.profile(0), other))).getMessage();
        assertTrue(size.contains("the cluster size is 2 in dsm-profile-node0.tsv but 3 in x.tsv"), size);
        final Profile migration = ProfileReader.parse("y.tsv", run.text(1).replace("ivy-forwarding-manager", "migration"));
        final String protocol = assertThrows(BadProfileException.class,
            () -> MergedProfile.merge(List.of(run.profile(0), migration))).getMessage();
        assertTrue(protocol.contains("the protocol is ivy-forwarding-manager in dsm-profile-node0.tsv but migration in " +
            "y.tsv"), protocol);
    }

    @Test
    void refusesDifferentLayoutsNamingTheClass()
    {
        final Run run = twoCounters();
        final Profile other = ProfileReader.parse("x.tsv", run.text(1)
            .replace("layout\tdemo.Counters\ta,b", "layout\tdemo.Counters\ta | b")
            .replace("field\tdemo.Counters\tb\t0", "field\tdemo.Counters\tb\t1"));
        final String m = assertThrows(BadProfileException.class,
            () -> MergedProfile.merge(List.of(run.profile(0), other))).getMessage();
        assertTrue(m.startsWith("the profiles disagree on the layout of class demo.Counters: 'a,b' in " +
            "dsm-profile-node0.tsv, 'a | b' in x.tsv"), m);
    }

    @Test
    void refusesTheSameNodeTwiceAndMoreNodesThanTheCluster()
    {
        final Run run = twoCounters();
        final String twice = assertThrows(BadProfileException.class,
            () -> MergedProfile.merge(List.of(run.profile(0), run.profile(1), run.profile(0)))).getMessage();
        assertTrue(twice.startsWith("dsm-profile-node0.tsv: node 0 again (also dsm-profile-node0.tsv)"), twice);
        final Profile third = ProfileReader.parse("n2.tsv", run.text(1).replace("node\t1", "node\t2"));
        final String tooMany = assertThrows(BadProfileException.class,
            () -> MergedProfile.merge(List.of(run.profile(0), run.profile(1), third))).getMessage();
        assertTrue(tooMany.contains("of 3 nodes but say the cluster had 2"), tooMany);
        assertThrows(BadProfileException.class, () -> MergedProfile.merge(List.of()));
    }

    @Test
    void refusesFieldLinesThatDisagree()
    {
        final Run run = new Run(2, 1000).cls("demo.V", "v", "v");
        final Profile other = ProfileReader.parse("x.tsv", run.text(1).replace("\tlong\t-", "\tlong\tvolatile"));
        final String m = assertThrows(BadProfileException.class,
            () -> MergedProfile.merge(List.of(run.profile(0), other))).getMessage();
        assertTrue(m.startsWith("x.tsv:7: field v of class demo.V is long in block 0, volatile here but long in block 0 " +
            "in dsm-profile-node0.tsv"), m);
    }
}
