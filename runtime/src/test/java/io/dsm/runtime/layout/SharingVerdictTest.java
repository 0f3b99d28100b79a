package io.dsm.runtime.layout;

import io.dsm.runtime.layout.MergedProfileTest.Run;
import io.dsm.runtime.layout.SharingVerdict.Classification;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each verdict from the access pattern that defines it; runs of 10 s, so 10 moves are 1 move/s. */
class SharingVerdictTest
{
    private static final String C = "demo.C";

    private static Classification verdict(final Run run)
    {
        final MergedProfile m = run.merged();
        return SharingVerdict.classify(m, m.classProfile(C), 0);
    }

    /** A run of {@code nodes} nodes on class demo.C (fields a, b, c in block 0), hot on every node. */
    private static Run hot(final int nodes)
    {
        final Run run = new Run(nodes, 10_000).cls(C, "a,b,c", "a", "b", "c");
        for (int n = 0; n < nodes; n++)
        {
            run.block(n, C, 0, 500, 100_000_000L);
        }
        return run;
    }

    @Test
    void quietUnderOneMovePerSecondAndOnePercentBlocked()
    {
        final Run run = new Run(2, 10_000).cls(C, "a,b", "a", "b")
            .block(0, C, 0, 4, 99_000_000L).block(1, C, 0, 5, 0)        // 0.9 moves/s, 0.99 % blocked
            .access(0, C, "0:1", "a", 1, 1).access(1, C, "0:1", "b", 1, 1);
        final Classification v = verdict(run);
        assertEquals(SharingVerdict.QUIET, v.verdict());
        assertTrue(v.explanation().startsWith("0.90 ownership moves/s"), v.explanation());
    }

    @Test
    void hotByMovesAloneOrByBlockedTimeAlone()
    {
        final Run moves = new Run(2, 10_000).cls(C, "a,b", "a", "b").block(0, C, 0, 5, 0).block(1, C, 0, 5, 0);
        final MergedProfile m = moves.merged();
        assertFalse(SharingVerdict.isQuiet(m, m.classProfile(C), 0), "exactly 1 move/s is hot");
        final Run blocked = new Run(2, 10_000).cls(C, "a,b", "a", "b").block(0, C, 0, 1, 0)
            .block(1, C, 0, 0, 100_000_000L);
        final MergedProfile b = blocked.merged();
        assertFalse(SharingVerdict.isQuiet(b, b.classProfile(C), 0), "1 % of one node's time blocked is hot");
    }

    @Test
    void falseSharingWhenTwoNodesWriteDisjointFields()
    {
        final Classification v = verdict(hot(2).access(0, C, "0:1", "a", 10, 10).access(1, C, "0:1", "b", 10, 10)
            .access(0, C, "0:1", "c", 5, 0).access(1, C, "0:1", "c", 5, 0));
        assertEquals(SharingVerdict.FALSE_SHARING, v.verdict(), "a field both only read does not make it true sharing");
        assertEquals(1, v.falseObjects());
        assertTrue(v.explanation().contains("node 0 writes a and reads c; node 1 writes b and reads c"), v.explanation());
        assertTrue(v.verdict().includesFalseSharing());
    }

    @Test
    void falseSharingWhenOneNodeWritesAFieldAnotherOnlyReadsOthers()
    {
        final Classification v = verdict(hot(2).access(0, C, "0:1", "a", 0, 10).access(1, C, "0:1", "b", 10, 0));
        assertEquals(SharingVerdict.FALSE_SHARING, v.verdict());
        assertTrue(v.explanation().contains("node 0 writes a; node 1 reads b"), v.explanation());
    }

    @Test
    void migratoryWhenNodesTakeTurnsOnOneField()
    {
        final Classification v = verdict(hot(3).access(0, C, "0:1", "a", 10, 10).access(1, C, "0:1", "a", 10, 10)
            .access(2, C, "0:1", "a", 10, 10));
        assertEquals(SharingVerdict.MIGRATORY, v.verdict());
        assertTrue(v.explanation().startsWith("a is written by nodes 0, 1 and 2 on 1 of 1 shared object"),
            v.explanation());
        assertEquals("keep together; consider protocol migration (dsm.protocol=migration) or fewer handoffs",
            v.verdict().fix());
    }

    @Test
    void trueSharingWhenOneWritesWhatAnotherReads()
    {
        final Classification v = verdict(hot(2).access(0, C, "0:1", "a", 0, 100).access(1, C, "0:1", "a", 100, 0));
        assertEquals(SharingVerdict.TRUE_SHARING, v.verdict());
        assertTrue(v.explanation().startsWith("a is written by node 0 and read by node 1"), v.explanation());
        assertEquals("the data itself is shared: a layout cannot help; reduce sharing or batch", v.verdict().fix());
        assertFalse(v.verdict().includesFalseSharing());
    }

    @Test
    void readMostlyWithoutWrites()
    {
        final Classification v = verdict(hot(2).access(0, C, "0:1", "a", 100, 0).access(1, C, "0:1", "b", 100, 0)
            .access(1, C, "0:2", "a", 100, 0).access(0, C, "0:2", "a", 100, 0));
        assertEquals(SharingVerdict.READ_MOSTLY, v.verdict());
        assertEquals(2, v.readMostlyObjects());
        assertEquals("fine after warm-up", v.verdict().fix());
    }

    @Test
    void mixedGivesTheShares()
    {
        final Run run = hot(2);
        for (int o = 0; o < 3; o++)    // 3 objects falsely shared
        {
            run.access(0, C, "0:" + o, "a", 1, 1).access(1, C, "0:" + o, "b", 1, 1);
        }
        run.access(0, C, "1:0", "a", 0, 1).access(1, C, "1:0", "a", 1, 0);   // 1 producer/consumer
        final Classification v = verdict(run);
        assertEquals(SharingVerdict.MIXED, v.verdict());
        assertEquals(4, v.sharedObjects());
        assertEquals(3, v.falseObjects());
        assertEquals(1, v.trueObjects());
        assertTrue(v.explanation().startsWith("false sharing on 3 (75 %) (node 0 writes a; node 1 writes b), " +
            "true sharing on 1 (25 %) of 4 shared objects"), v.explanation());
        assertTrue(v.verdict().includesFalseSharing());
    }

    @Test
    void objectsOneNodeAloneUsesDoNotVote()
    {
        final Classification v = verdict(hot(2).access(0, C, "0:1", "a", 1, 1).access(1, C, "0:1", "b", 1, 1)
            .access(0, C, "0:2", "a", 1, 1).access(0, C, "0:2", "b", 1, 1));
        assertEquals(SharingVerdict.FALSE_SHARING, v.verdict());
        assertEquals(1, v.privateObjects());
        assertEquals(1, v.sharedObjects());
    }

    @Test
    void unclassifiedWhenHotWithoutSharedAccesses()
    {
        assertEquals(SharingVerdict.UNCLASSIFIED, verdict(hot(2)).verdict());
        final Classification alone = verdict(hot(2).access(0, C, "0:1", "a", 1, 1).access(1, C, "0:2", "a", 1, 1));
        assertEquals(SharingVerdict.UNCLASSIFIED, alone.verdict());
        assertTrue(alone.explanation().contains("one node alone used"), alone.explanation());
    }

    @Test
    void onlyTheBlocksOwnFieldsCount()
    {
        // b is in block 1: nodes 0 and 1 writing a and b of one object do not share block 0
        final Run run = new Run(2, 10_000).cls(C, "a | b", "a", "b").block(0, C, 0, 500, 0).block(1, C, 0, 500, 0)
            .access(0, C, "0:1", "a", 1, 1).access(1, C, "0:1", "b", 1, 1).access(1, C, "0:1", "a", 1, 0);
        final Classification v = verdict(run);
        assertEquals(SharingVerdict.TRUE_SHARING, v.verdict(), v.explanation());
    }
}
