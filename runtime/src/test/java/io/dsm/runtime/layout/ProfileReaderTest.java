package io.dsm.runtime.layout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.dsm.runtime.layout.ProfileReader.AccessLine;
import io.dsm.runtime.layout.ProfileReader.BadProfileException;
import io.dsm.runtime.layout.ProfileReader.BlockCounts;
import io.dsm.runtime.layout.ProfileReader.FieldLine;
import io.dsm.runtime.layout.ProfileReader.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reader takes the format as specified and names file, line and the fix for every fault. */
class ProfileReaderTest
{
    private static final String GOOD = String.join("\n",
        "# dsm-profile 1",
        "# a comment",
        "node\t1",
        "nodes\t3",
        "protocol\tivy-forwarding-manager",
        "durationMs\t12345",
        "",
        "layout\tdemo.Pair\ta,b | c",
        "field\tdemo.Pair\ta\t0\tlong\t-",
        "field\tdemo.Pair\tb\t0\tjava.lang.String\tfinal",
        "field\tdemo.Pair\tc\t1\tint\tfinal,volatile",
        "block\tdemo.Pair\t0\t4\t10\t9\t8\t7\t6\t5\t4\t3\t2\t1000",
        "block\tdemo.Pair\t1\t4\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0",
        "access\tdemo.Pair\t1:7\ta\t100\t50",
        "access\tdemo.Pair\t1:7\tc\t3\t0",
        "");

    @Test
    void readsEveryRecordKind()
    {
        final Profile p = ProfileReader.parse("n1.tsv", GOOD);
        assertEquals("n1.tsv", p.source());
        assertEquals(1, p.node());
        assertEquals(3, p.nodes());
        assertEquals("ivy-forwarding-manager", p.protocol());
        assertEquals(12345, p.durationMs());
        assertEquals("a,b | c", p.layouts().get("demo.Pair"));
        assertEquals(List.of(new FieldLine("demo.Pair", "a", 0, "long", false, false, 9),
            new FieldLine("demo.Pair", "b", 0, "java.lang.String", true, false, 10),
            new FieldLine("demo.Pair", "c", 1, "int", true, true, 11)), p.fields());
        assertEquals(2, p.blocks().size());
        assertEquals(new BlockCounts(4, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1000), p.blocks().get(0).counts());
        assertEquals(0, p.blocks().get(1).block() - 1);
        assertEquals(List.of(new AccessLine("demo.Pair", "1:7", "a", 100, 50, 14),
            new AccessLine("demo.Pair", "1:7", "c", 3, 0, 15)), p.accesses());
    }

    @Test
    void acceptsWindowsLineEndingsAndReadsFiles(@TempDir final Path dir) throws IOException
    {
        final Path f = dir.resolve("dsm-profile-node1.tsv");
        Files.writeString(f, GOOD.replace("\n", "\r\n"), StandardCharsets.UTF_8);
        final Profile p = ProfileReader.read(f);
        assertEquals(12345, p.durationMs());
        assertEquals(2, p.accesses().size());
    }

    @Test
    void splitsLayoutTextIntoBlocks()
    {
        assertEquals(List.of(List.of("a", "b"), List.of("c")), ProfileReader.parseLayout("a,b | c"));
        assertEquals(List.of(List.of(), List.of("x")), ProfileReader.parseLayout(" | x"));
        assertThrows(IllegalArgumentException.class, () -> ProfileReader.parseLayout("a" + " | x".repeat(16)));
        final var shadowed = ProfileReader.parseLayout("x,y | x");
        assertEquals(-1, ProfileReader.blockInLayout(shadowed, "x"), "named twice: ambiguous");
        assertEquals(0, ProfileReader.blockInLayout(shadowed, "y"));
        assertEquals(-1, ProfileReader.blockInLayout(shadowed, "z"));
    }

    @Test
    void takesAShadowedFieldNamedTwiceInTheLayoutAndQualifiedInFieldLines()
    {
        // B extends A, both declare x: the layout text names x twice, the field lines qualify it
        final Profile p = ProfileReader.parse("p.tsv", String.join("\n", "# dsm-profile 1", "node\t0", "nodes\t1",
            "protocol\tmigration", "durationMs\t1", "layout\tdemo.B\tx,y | x",
            "field\tdemo.B\tdemo.A.x\t0\tint\t-", "field\tdemo.B\ty\t0\tint\t-",
            "field\tdemo.B\tdemo.B.x\t1\tint\t-", "access\tdemo.B\t0:1\tdemo.B.x\t1\t1", ""));
        assertEquals(3, p.fields().size());
        final MergedProfile m = MergedProfile.merge(List.of(p));
        assertEquals(List.of("y", "demo.A.x"), m.classProfile("demo.B").fieldsOf(0));
        assertEquals(List.of("demo.B.x"), m.classProfile("demo.B").fieldsOf(1));
    }

    @Test
    void rejectsAnotherVersionNamingBoth()
    {
        final String m = error(GOOD.replace("# dsm-profile 1", "# dsm-profile 2"));
        assertTrue(m.startsWith("p.tsv:1: "), m);
        assertTrue(m.contains("version 2") && m.contains("version 1"), m);
    }

    @Test
    void rejectsAFileThatIsNotAProfile()
    {
        assertTrue(error("").startsWith("p.tsv:1: the file is empty"), error(""));
        final String m = error("node\t1\n");
        assertTrue(m.startsWith("p.tsv:1: not a dsm profile") && m.contains("'# dsm-profile 1'"), m);
    }

    @Test
    void rejectsAnUnknownKindNamingFileLineAndKind()
    {
        final String m = error(GOOD.replace("access\tdemo.Pair\t1:7\tc", "acess\tdemo.Pair\t1:7\tc"));
        assertTrue(m.startsWith("p.tsv:15: unknown record kind 'acess'"), m);
    }

    @Test
    void saysWhenColumnsAreNotTabSeparated()
    {
        final String m = error(GOOD.replace("node\t1", "node 1"));
        assertTrue(m.startsWith("p.tsv:3: unknown record kind 'node 1'") && m.contains("separated by tabs"), m);
    }

    @Test
    void rejectsWrongColumnCounts()
    {
        final String block = error(GOOD.replace("\t3\t2\t1000", "\t3\t1000"));
        assertTrue(block.startsWith("p.tsv:12: 'block' lines have 14 tab-separated columns") &&
            block.contains("found 13"), block);
        final String access = error(GOOD.replace("\ta\t100\t50", "\ta\t100"));
        assertTrue(access.startsWith("p.tsv:14: 'access' lines have 6 tab-separated columns (access <class> <object id>")
            && access.endsWith("found 5"), access);
    }

    @Test
    void rejectsBadNumbersNamingTheColumn()
    {
        final String m = error(GOOD.replace("durationMs\t12345", "durationMs\t12.5"));
        assertTrue(m.startsWith("p.tsv:6: durationMs must be a decimal number, found '12.5'"), m);
        final String neg = error(GOOD.replace("\t100\t50", "\t-100\t50"));
        assertTrue(neg.startsWith("p.tsv:14: reads must be at least 0"), neg);
        final String block = error(GOOD.replace("block\tdemo.Pair\t1\t", "block\tdemo.Pair\t16\t"));
        assertTrue(block.startsWith("p.tsv:13: the block index must be between 0 and 15"), block);
        final String ns = error(GOOD.replace("\t2\t1000", "\t2\tlots"));
        assertTrue(ns.contains("blockedNs must be a decimal number"), ns);
    }

    @Test
    void rejectsRepeatedAndMissingHeaderLines()
    {
        final String twice = error(GOOD.replace("nodes\t3", "nodes\t3\nnode\t2"));
        assertTrue(twice.startsWith("p.tsv:5: a second 'node' line (the first is on line 3)"), twice);
        final String missing = error(GOOD.replace("protocol\tivy-forwarding-manager\n", ""));
        assertTrue(missing.startsWith("p.tsv: no 'protocol' line"), missing);
    }

    @Test
    void rejectsDuplicateRecords()
    {
        final String layout = error(GOOD + "layout\tdemo.Pair\ta,b | c\n");
        assertTrue(layout.startsWith("p.tsv:16: a second layout line for class demo.Pair (the first is on line 8)"),
            layout);
        final String block = error(GOOD + "block\tdemo.Pair\t1\t4\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n");
        assertTrue(block.startsWith("p.tsv:16: a second block line for class demo.Pair block 1"), block);
        final String access = error(GOOD + "access\tdemo.Pair\t1:7\ta\t1\t1\n");
        assertTrue(access.startsWith("p.tsv:16: a second access line for field a of object 1:7"), access);
    }

    @Test
    void rejectsUnknownFlags()
    {
        final String m = error(GOOD.replace("final,volatile", "final,transient"));
        assertTrue(m.startsWith("p.tsv:11: unknown field flag 'transient'"), m);
    }

    @Test
    void rejectsAFieldLineThatContradictsTheLayout()
    {
        final String m = error(GOOD.replace("field\tdemo.Pair\tc\t1", "field\tdemo.Pair\tc\t0"));
        assertTrue(m.startsWith("p.tsv:11: field demo.Pair.c is in block 0 by its field line"), m);
        assertTrue(m.contains("in block 1 by the layout line (line 8)"), m);
    }

    @Test
    void rejectsAccessToAFieldNoLinePlaces()
    {
        final String m = error(GOOD + "access\tdemo.Pair\t1:7\tzz\t1\t0\n");
        assertTrue(m.startsWith("p.tsv:16: access to field zz of class demo.Pair, but no field or layout line"), m);
        // a field the layout line names is placed, even without a field line
        assertFalse(ProfileReader.parse("p.tsv", GOOD.replace("field\tdemo.Pair\ta\t0\tlong\t-\n", ""))
            .accesses().isEmpty());
    }

    @Test
    void rejectsAFileThatIsNotUtf8(@TempDir final Path dir) throws IOException
    {
        final Path f = dir.resolve("bin.tsv");
        Files.write(f, new byte[] {'#', ' ', (byte) 0xC3, (byte) 0x28});
        final BadProfileException e = assertThrows(BadProfileException.class, () -> ProfileReader.read(f));
        assertTrue(e.getMessage().endsWith("bin.tsv: not UTF-8 text; is this a dsm profile?"), e.getMessage());
        final BadProfileException missing = assertThrows(BadProfileException.class,
            () -> ProfileReader.read(dir.resolve("none.tsv")));
        assertTrue(missing.getMessage().endsWith("none.tsv: no such file"), missing.getMessage());
    }

    private static String error(final String text)
    {
        return assertThrows(BadProfileException.class, () -> ProfileReader.parse("p.tsv", text)).getMessage();
    }
}
