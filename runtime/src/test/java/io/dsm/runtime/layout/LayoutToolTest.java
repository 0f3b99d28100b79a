package io.dsm.runtime.layout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command: outputs as asked, and for every user mistake one message and status 2, no stack trace. */
class LayoutToolTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args)
    {
        final LayoutTool tool = new LayoutTool(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), () -> Instant.parse("2024-01-02T03:04:05Z"));
        return tool.run(args);
    }

    private String out()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err()
    {
        return err.toString(StandardCharsets.UTF_8);
    }

    private List<String> profiles() throws IOException
    {
        return FalseSharingReportTest.threeClasses().write(dir).stream().map(Path::toString).toList();
    }

    private static String[] args(final List<String> profiles, final String... options)
    {
        final List<String> all = new ArrayList<>(List.of(options));
        all.addAll(profiles);
        return all.toArray(String[]::new);
    }

    @Test
    void printsTheTextReportWithoutOutputOptions() throws IOException
    {
        assertEquals(0, run(args(profiles())));
        assertTrue(out().startsWith("dsm false-sharing report\n"), out());
        assertTrue(out().contains("layout.demo.Counters = a | b"), out());
        assertEquals("", err());
    }

    @Test
    void writesTheFilesAsked() throws IOException
    {
        final Path layout = dir.resolve("layout.properties");
        final Path report = dir.resolve("report.txt");
        final Path html = dir.resolve("report.html");
        assertEquals(0, run(args(profiles(), "--layout", layout.toString(), "--report", report.toString(), "--html",
            html.toString())));
        assertTrue(Files.readString(layout).contains("# date: 2024-01-02T03:04:05Z\n"));
        assertTrue(Files.readString(layout).contains("\nlayout.demo.Counters = a | b\n"));
        assertTrue(Files.readString(report).startsWith("dsm false-sharing report\n"));
        assertTrue(Files.readString(html, StandardCharsets.UTF_8).contains("<svg"));
        assertEquals("dsm-layout: 2 hot blocks (1 false sharing, 1 migratory), 1 quiet; wrote layout " + layout +
            " (1 class), report " + report + ", HTML report " + html + "\n", out());
    }

    @Test
    void allClassesProposesForEveryHotClass() throws IOException
    {
        final Path layout = dir.resolve("l.properties");
        assertEquals(0, run(args(profiles(), "--all-classes", "--layout", layout.toString())));
        // demo.Counter has one field, one signature: still no line
        assertFalse(Files.readString(layout).contains("layout.demo.Counter ="));
        assertTrue(Files.readString(layout).contains("every class with a hot block is considered"));
    }

    @Test
    void helpPrintsUsage()
    {
        assertEquals(0, run("--help"));
        assertTrue(out().startsWith("usage: dsm-layout [options] <profile>..."), out());
    }

    @Test
    void usageMistakesExitWith2()
    {
        assertEquals(2, run());
        assertTrue(err().startsWith("dsm-layout: name the profiles to merge"), err());
        err.reset();
        assertEquals(2, run("--bogus", "x.tsv"));
        assertTrue(err().startsWith("dsm-layout: unknown option --bogus\nusage:"), err());
        err.reset();
        assertEquals(2, run("x.tsv", "--html"));
        assertTrue(err().startsWith("dsm-layout: --html needs a file name"), err());
    }

    @Test
    void badInputIsOneMessageNamingFileAndLine() throws IOException
    {
        final Path bad = dir.resolve("bad.tsv");
        Files.writeString(bad, "# dsm-profile 1\nnode\t0\nnodes\tthree\n");
        assertEquals(2, run(bad.toString()));
        assertEquals("dsm-layout: " + bad + ":3: the cluster size must be a decimal number, found 'three'\n", err());
        assertEquals("", out());
    }

    @Test
    void missingFilesDirectoriesAndUnwritableOutputsExitWith2() throws IOException
    {
        assertEquals(2, run(dir.resolve("none.tsv").toString()));
        assertEquals("dsm-layout: " + dir.resolve("none.tsv") + ": no such file\n", err());
        err.reset();
        assertEquals(2, run(dir.toString()));
        assertTrue(err().contains("a directory; name the profile files in it"), err());
        err.reset();
        final List<String> p = profiles();
        assertEquals(2, run(args(p, "--html", dir.resolve("no/such/dir/r.html").toString())));
        assertTrue(err().startsWith("dsm-layout: cannot write ") && err().contains("does not exist"), err());
        assertFalse(err().contains("Exception") || err().contains("\tat "), err());
    }

    @Test
    void profilesOfDifferentRunsExitWith2() throws IOException
    {
        final List<String> p = profiles();
        Files.writeString(Path.of(p.get(1)), Files.readString(Path.of(p.get(1))).replace("nodes\t2", "nodes\t4"));
        assertEquals(2, run(args(p)));
        assertTrue(err().startsWith("dsm-layout: the profiles are not of one run: the cluster size is 2 in "), err());
    }
}
