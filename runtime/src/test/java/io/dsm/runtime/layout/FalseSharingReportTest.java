package io.dsm.runtime.layout;

import java.util.List;

import io.dsm.runtime.layout.FalseSharingReport.Entry;
import io.dsm.runtime.layout.MergedProfileTest.Run;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report's figures, its ranking by time blocked, and the text a person reads. */
class FalseSharingReportTest
{
    /**
     * Three classes on two nodes over 10 s: demo.Counters falsely shared (4.5 s blocked), demo.Counter
     * migratory (9 s blocked, so ranked first), demo.Config block 1 quiet.
     */
    static Run threeClasses()
    {
        return MergedProfileTest.twoCounters()
            .cls("demo.Counter", "count", "count")
            .block(0, "demo.Counter", 0, 3_000, 4_000_000_000L).block(1, "demo.Counter", 0, 3_000, 5_000_000_000L)
            .access(0, "demo.Counter", "1:1", "count", 1_000, 1_000)
            .access(1, "demo.Counter", "1:1", "count", 1_000, 1_000)
            .cls("demo.Config", "| limit", "limit:final")
            .block(0, "demo.Config", 1, 2, 1_000);
    }

    static FalseSharingReport report(final Run run)
    {
        final MergedProfile m = run.merged();
        return new FalseSharingReport(m, new LayoutOptimizer(m, false));
    }

    @Test
    void ranksHotBlocksByTimeBlockedAndListsQuietOnes()
    {
        final FalseSharingReport r = report(threeClasses());
        assertEquals(List.of("demo.Counter", "demo.Counters"), r.hot().stream().map(Entry::className).toList());
        assertEquals(List.of("demo.Config"), r.quiet().stream().map(Entry::className).toList());
        assertEquals("2 hot blocks (1 false sharing, 1 migratory), 1 quiet", r.summary());
    }

    @Test
    void computesRatesPerSecondOfTheRun()
    {
        final Entry e = report(threeClasses()).hot().get(1);
        assertEquals("demo.Counters", e.className());
        assertEquals(1_000, e.movesPerSecond(), 1e-9, "10,000 moves in 10 s");
        assertEquals(2_000, e.messagesPerSecond(), 1e-9);
        assertEquals(128_000, e.bytesPerSecond(), 1e-9);
        assertEquals(128, e.bytesPerMove(), 1e-9);
        assertEquals(0.2, e.blockedShare().get(0), 1e-9);
        assertEquals(0.25, e.blockedShare().get(1), 1e-9);
        assertEquals(0.25, e.maxBlockedShare(), 1e-9);
        assertEquals(List.of(0, 1), List.copyOf(e.nodes()));
        assertEquals(10_000, e.fieldRates().get(0).writesPerSecond().get(0), 1e-9, "a: node 0 writes 100,000 in 10 s");
        assertEquals(0, e.fieldRates().get(0).writesPerSecond().get(1), 1e-9);
        assertEquals("layout.demo.Counters = a | b", e.fix());
        assertTrue(e.fixIsLine());
    }

    @Test
    void theTextHasEverySectionInFixedColumns()
    {
        final String t = report(threeClasses()).text();
        assertTrue(t.startsWith("dsm false-sharing report\n"), t);
        assertTrue(t.contains("run:       2 nodes (profiles of nodes 0 and 1), protocol ivy-forwarding-manager, 10.000 s"),
            t);
        // the ranking table: header and rows aligned column by column
        final List<String> table = t.lines().filter(l -> l.matches("^(#|[0-9]) .*")).toList();
        assertEquals(3, table.size(), t);
        assertEquals(table.get(0).indexOf("verdict"), table.get(1).indexOf("migratory"), t);
        assertEquals(table.get(0).indexOf("verdict"), table.get(2).indexOf("false sharing"), t);
        assertTrue(t.contains("1. demo.Counter, block 0: migratory\n"), t);
        assertTrue(t.contains("2. demo.Counters, block 0: false sharing\n"), t);
        assertTrue(t.contains("   traffic   1,000 ownership moves/s, 2,000 messages/s, 125.0 KiB/s, 128 B per move\n"), t);
        assertTrue(t.contains("   blocked   node 0 20.0 %, node 1 25.0 %\n"), t);
        assertTrue(t.contains("   field  node 0 reads/s  node 0 writes/s  node 1 reads/s  node 1 writes/s\n"), t);
        assertTrue(t.contains("   a              10,000           10,000               0                0\n"), t);
        assertTrue(t.contains("   fix       layout.demo.Counters = a | b\n"), t);
        assertTrue(t.contains("   fix       keep together; consider protocol migration (dsm.protocol=migration) or " +
            "fewer handoffs\n"), t);
        assertTrue(t.contains("quiet blocks (under 1.00 ownership moves/s and under 1.0 % of the time blocked on every " +
            "node):\n  demo.Config block 1 (limit): 0.20 moves/s, at most 0.0 % blocked\n"), t);
    }

    @Test
    void saysWhyNoLayoutLineFixesFalseSharing()
    {
        // falsely shared per object, but each field is written by both nodes over the objects: no fixed grouping helps
        final Run run = new Run(2, 10_000).cls("demo.P", "x,y", "x", "y")
            .block(0, "demo.P", 0, 500, 0).block(1, "demo.P", 0, 500, 0)
            .access(0, "demo.P", "0:1", "x", 1, 1).access(1, "demo.P", "0:1", "y", 1, 1)
            .access(1, "demo.P", "0:2", "x", 1, 1).access(0, "demo.P", "0:2", "y", 1, 1);
        final Entry e = report(run).hot().get(0);
        assertEquals(SharingVerdict.FALSE_SHARING, e.verdict());
        assertTrue(e.fix().startsWith("no layout line: every field used on its hot objects is written by nodes 0 and 1"),
            e.fix());
    }

    @Test
    void notesMissingProfiles()
    {
        final Run run = MergedProfileTest.twoCounters();
        final MergedProfile m = MergedProfile.merge(List.of(run.profile(0)));
        final String t = new FalseSharingReport(m, new LayoutOptimizer(m, false)).text();
        assertTrue(t.contains("note:      only 1 of 2 nodes' profiles were given"), t);
    }

    @Test
    void formatsNumbersForPeople()
    {
        assertEquals("0", FalseSharingReport.rate(0));
        assertEquals("0.25", FalseSharingReport.rate(0.25));
        assertEquals("12.5", FalseSharingReport.rate(12.5));
        assertEquals("12,346", FalseSharingReport.rate(12_345.6));
        assertEquals("999 B", FalseSharingReport.bytes(999));
        assertEquals("1.5 KiB", FalseSharingReport.bytes(1536));
        assertEquals("2.0 MiB", FalseSharingReport.bytes(2 * 1024 * 1024));
        assertEquals("12.5 %", FalseSharingReport.share(0.125));
    }
}
