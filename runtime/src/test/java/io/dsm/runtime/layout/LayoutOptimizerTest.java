package io.dsm.runtime.layout;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import io.dsm.runtime.layout.LayoutOptimizer.Proposal;
import io.dsm.runtime.layout.MergedProfileTest.Run;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The grouping rule: same (writers, readers) signature, same block; finals apart; at most 15 groups. */
class LayoutOptimizerTest
{
    private static final String C = "demo.C";

    private static Proposal proposal(final Run run)
    {
        final MergedProfile m = run.merged();
        return new LayoutOptimizer(m, false).proposal(m.classProfile(C));
    }

    @Test
    void twoCountersGetABlockEach()
    {
        final MergedProfile m = MergedProfileTest.twoCounters().merged();
        final LayoutOptimizer o = new LayoutOptimizer(m, false);
        assertEquals(List.of("demo.Counters"), List.copyOf(o.proposals().keySet()));
        final Proposal p = o.proposals().get("demo.Counters");
        assertEquals("layout.demo.Counters = a | b", p.line());
        assertEquals(List.of(List.of("a"), List.of("b")), p.groups());
    }

    @Test
    void theLayoutFileIsPropertiesWithAHeader() throws IOException
    {
        final MergedProfile m = MergedProfileTest.twoCounters().merged();
        final String text = new LayoutOptimizer(m, false).layoutFile(Instant.parse("2024-05-06T07:08:09.123Z"));
        assertTrue(text.startsWith("# dsm coherence-block layout"), text);
        assertTrue(text.contains("# date: 2024-05-06T07:08:09Z\n"), text);
        assertTrue(text.contains("# run: 2 nodes (profiles of nodes 0 and 1), protocol ivy-forwarding-manager, " +
            "10.000 s\n"), text);
        assertTrue(text.contains("# profiles: dsm-profile-node0.tsv, dsm-profile-node1.tsv\n"), text);
        final Properties p = new Properties();
        p.load(new StringReader(text));
        assertEquals(1, p.size());
        assertEquals("a | b", p.getProperty("layout.demo.Counters"));
    }

    @Test
    void aRunWithNothingToChangeStillWritesTheHeader()
    {
        final MergedProfile m = new Run(1, 1000).cls(C, "a", "a").merged();
        final String text = new LayoutOptimizer(m, false).layoutFile(Instant.EPOCH);
        assertTrue(text.contains("# No class needs a new layout.\n"), text);
        assertTrue(text.lines().allMatch(l -> l.isEmpty() || l.startsWith("#")), text);
    }

    @Test
    void equalSignaturesGoTogetherSortedByName()
    {
        // nodes 0 and 1 each own two fields: z,b by node 1, y,a by node 0; c is never touched
        final Run run = new Run(2, 10_000).cls(C, "z,y,c,b,a", "z", "y", "c", "b", "a")
            .block(0, C, 0, 500, 0).block(1, C, 0, 500, 0)
            .access(0, C, "0:1", "y", 1, 1).access(0, C, "0:1", "a", 1, 1)
            .access(1, C, "0:1", "z", 1, 1).access(1, C, "0:1", "b", 1, 1);
        final Proposal p = proposal(run);
        assertEquals("layout.demo.C = a,y | b,z", p.line(), "untouched c stays in block 0");
    }

    @Test
    void signaturesAreSummedOverObjects()
    {
        // on object 1 node 0 writes a, on object 2 node 1 does: a is written by {0,1}, as b is: one signature
        final Run run = new Run(2, 10_000).cls(C, "a,b", "a", "b").block(0, C, 0, 500, 0)
            .access(0, C, "0:1", "a", 1, 1).access(1, C, "0:1", "b", 1, 1)
            .access(1, C, "0:2", "a", 1, 1).access(0, C, "0:2", "b", 1, 1);
        final Proposal p = proposal(run);
        assertNull(p.line());
        assertTrue(p.why().contains("splitting it would only add faults"), p.why());
    }

    @Test
    void readFinalsGetABlockOfTheirOwn()
    {
        final Run run = new Run(2, 10_000).cls(C, "a,b,id,name,unread", "a", "b", "id:final", "name:final",
                "unread:final")
            .block(0, C, 0, 500, 0)
            .access(0, C, "0:1", "a", 1, 1).access(1, C, "0:1", "b", 1, 1)
            .access(0, C, "0:1", "id", 5, 0).access(1, C, "0:1", "name", 5, 0)
            .access(0, C, "0:1", "unread", 0, 1);
        assertEquals("layout.demo.C = a | b | id,name", proposal(run).line(),
            "finals read by different nodes share one read-only block; an unread one stays in block 0");
    }

    @Test
    void volatilesFollowTheSignatureRule()
    {
        final Run run = new Run(2, 10_000).cls(C, "a,v,b", "a", "v:volatile", "b")
            .block(0, C, 0, 500, 0)
            .access(0, C, "0:1", "a", 1, 1).access(0, C, "0:1", "v", 1, 1).access(1, C, "0:1", "b", 1, 1);
        assertEquals("layout.demo.C = a,v | b", proposal(run).line());
    }

    @Test
    void atMostFifteenGroupsTheQuietestMerged()
    {
        // 17 nodes, each writes a field of its own, f00..f16; f00, f01 and f02 have the least traffic
        final StringBuilder layout = new StringBuilder();
        final String[] fields = new String[17];
        for (int i = 0; i < 17; i++)
        {
            fields[i] = String.format("f%02d", i);
            layout.append(i == 0 ? "" : ",").append(fields[i]);
        }
        final Run run = new Run(17, 10_000).cls(C, layout.toString(), fields).block(0, C, 0, 500, 0);
        for (int i = 0; i < 17; i++)
        {
            run.access(i, C, "0:1", fields[i], 0, i < 3 ? 1 : 100);
        }
        final Proposal p = proposal(run);
        assertEquals(15, p.groups().size(), "the 14 busiest keep a block each, the rest share the 15th");
        assertEquals(List.of("f00", "f01", "f02"), p.groups().get(0));
        assertEquals(List.of("f03"), p.groups().get(1));
        assertTrue(p.line().startsWith("layout.demo.C = f00,f01,f02 | f03 | f04 |"), p.line());
        assertTrue(p.line().endsWith("| f16"), p.line());
    }

    @Test
    void onlyFalselySharedClassesByDefault()
    {
        // demo.T: node 0 writes a, node 1 reads it, node 1 writes b: true sharing, yet two signatures
        final Run run = new Run(2, 10_000).cls("demo.T", "a,b", "a", "b").block(0, "demo.T", 0, 500, 0)
            .access(0, "demo.T", "0:1", "a", 0, 10).access(1, "demo.T", "0:1", "a", 10, 0)
            .access(1, "demo.T", "0:1", "b", 0, 10);
        final MergedProfile m = run.merged();
        assertTrue(new LayoutOptimizer(m, false).proposals().isEmpty());
        assertEquals("layout.demo.T = a | b", new LayoutOptimizer(m, true).proposals().get("demo.T").line());
    }

    @Test
    void noLineWhenTheLayoutAlreadyGroupsThisWay()
    {
        final Run run = new Run(2, 10_000).cls(C, "c | a | b", "a", "b", "c")
            .block(0, C, 0, 500, 0).block(1, C, 1, 500, 0)
            .access(0, C, "0:1", "a", 1, 1).access(1, C, "0:1", "b", 1, 1);
        final Proposal p = proposal(run);
        assertNull(p.line());
        assertTrue(p.why().startsWith("the current layout already groups its fields this way"), p.why());
    }

    @Test
    void namesOnlyTheClassesOwnFieldsUnqualified()
    {
        // demo.B extends demo.A; both declare x (so the profile qualifies it); y and z are B's
        final String b = "demo.B";
        final Run run = new Run(2, 10_000).cls(b, "demo.A.x,y,z | demo.B.x", "demo.A.x", "y", "z", "demo.B.x")
            .block(0, b, 0, 500, 0).block(1, b, 0, 500, 0)
            .access(0, b, "0:1", "demo.A.x", 1, 1).access(0, b, "0:1", "demo.B.x", 1, 1)
            .access(1, b, "0:1", "y", 1, 1).access(1, b, "0:1", "z", 1, 1);
        final MergedProfile m = run.merged();
        assertEquals("layout.demo.B = x | y,z", new LayoutOptimizer(m, false).proposal(m.classProfile(b)).line(),
            "B's x unqualified; A's x is A's line's business");
        assertEquals("x", LayoutOptimizer.ownName(b, "demo.B.x"));
        assertNull(LayoutOptimizer.ownName(b, "demo.A.x"));
        assertEquals("y", LayoutOptimizer.ownName(b, "y"));
    }

    @Test
    void oneOwnGroupSeparatesTheClassFromASuperclassField()
    {
        final String b = "demo.B";
        final Run run = new Run(2, 10_000).cls(b, "demo.A.x,demo.B.x,y", "demo.A.x", "demo.B.x", "y")
            .block(0, b, 0, 500, 0).block(1, b, 0, 500, 0)
            .access(0, b, "0:1", "demo.A.x", 1, 1).access(1, b, "0:1", "demo.B.x", 1, 1)
            .access(1, b, "0:1", "y", 1, 1);
        final MergedProfile m = run.merged();
        assertEquals("layout.demo.B = x,y", new LayoutOptimizer(m, false).proposal(m.classProfile(b)).line());
    }

    @Test
    void deterministic()
    {
        final MergedProfile m = MergedProfileTest.twoCounters().merged();
        assertEquals(new LayoutOptimizer(m, false).layoutFile(Instant.EPOCH),
            new LayoutOptimizer(MergedProfileTest.twoCounters().merged(), false).layoutFile(Instant.EPOCH));
    }
}
