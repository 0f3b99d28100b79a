package io.dsm.it.layout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.dsm.it.JvmRunner;
import io.dsm.it.MultiJvmSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layout file, given to real JVMs through the agent: applied, checked, and compared between nodes. */
@Timeout(180)
class LayoutFileTest
{
    private static final String CLASS = "io.dsm.it.model.LaidOut";

    @Test
    void theAgentSplitsAClassAsTheLayoutFileSays(@TempDir final Path dir) throws Exception
    {
        final Path layout = dir.resolve("layout.properties");
        Files.writeString(layout, "layout." + CLASS + " = left | right\n");
        final JvmRunner.Outcome out = JvmRunner.runTestClass(LayoutFileMain.class.getName(),
            List.of("-Ddsm.layout.file=" + layout), 60);
        assertEquals(0, out.exitCode, out.output);
        assertTrue(out.output.contains("blocks: other | left | right"), out.output);
        assertTrue(out.output.contains("sum: 3"), out.output);
    }

    /** pad.<class> puts each block in its own contention group: 128 bytes apart under -XX:-RestrictContended. */
    @Test
    void aPaddedClassKeepsItsBlocksOnSeparateCacheLines(@TempDir final Path dir) throws Exception
    {
        final Path layout = dir.resolve("layout.properties");
        Files.writeString(layout, "layout." + CLASS + " = left | right\npad." + CLASS + " = true\n");
        JvmRunner.Outcome out = JvmRunner.runTestClass(LayoutFileMain.class.getName(),
            List.of("-Ddsm.layout.file=" + layout, "-XX:-RestrictContended"), 60);
        assertEquals(0, out.exitCode, out.output);
        final java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("offsets: left=(\\d+) other=(\\d+) right=(\\d+)").matcher(out.output);
        assertTrue(m.find(), out.output);
        final long left = Long.parseLong(m.group(1));
        final long other = Long.parseLong(m.group(2));
        final long right = Long.parseLong(m.group(3));
        assertTrue(Math.abs(left - right) >= 128 && Math.abs(left - other) >= 128 && Math.abs(right - other) >= 128,
            out.output);

        out = JvmRunner.runTestClass(LayoutFileMain.class.getName(), List.of("-Ddsm.layout.file=" + layout), 60);
        assertEquals(0, out.exitCode, out.output);
        assertTrue(out.output.contains("ignores the padding: add -XX:-RestrictContended"), out.output);
    }

    @Test
    void aLayoutLineNamingAMissingFieldOrClassStopsTheJvm(@TempDir final Path dir) throws Exception
    {
        final Path missingField = dir.resolve("missing-field.properties");
        Files.writeString(missingField, "layout." + CLASS + " = left | middle\n");
        JvmRunner.Outcome out = JvmRunner.runTestClass(LayoutFileMain.class.getName(),
            List.of("-Ddsm.layout.file=" + missingField), 60);
        assertTrue(out.output.contains("names middle, which is not an instance field declared in " + CLASS), out.output);
        assertEquals(2, out.exitCode, out.output);

        final Path missingClass = dir.resolve("missing-class.properties");
        Files.writeString(missingClass, "layout.com.example.Nowhere = a | b\n");
        out = JvmRunner.runTestClass(LayoutFileMain.class.getName(), List.of("-Ddsm.layout.file=" + missingClass), 60);
        assertEquals(2, out.exitCode, out.output);
        assertTrue(out.output.contains("has a line for com.example.Nowhere, but no such class is on the class path"), out.output);

        final Path malformed = dir.resolve("malformed.properties");
        Files.writeString(malformed, "layout." + CLASS + " = left || right\n");
        out = JvmRunner.runTestClass(LayoutFileMain.class.getName(), List.of("-Ddsm.layout.file=" + malformed), 60);
        assertEquals(2, out.exitCode, out.output);
        assertTrue(out.output.contains("malformed field name"), out.output);
    }

    /**
     * The whole loop on real JVMs: a profiling run of two nodes that each increment their own
     * counter of one object, the layout tool, and a run with its layout, in which the nodes no
     * longer take the object from each other.
     */
    @Test
    void aProfileOfFalseSharingGivesTheLayoutThatEndsIt(@TempDir final Path dir) throws Exception
    {
        final Path profiles = dir.resolve("profiles");
        List<String> outputs = runTwoCounters(dir, "-Ddsm.profile=true", "-Ddsm.profile.dir=" + profiles);
        for (final String out : outputs)
        {
            assertTrue(out.contains("profile written to"), out);
        }
        final Path layout = dir.resolve("layout.properties");
        final Path report = dir.resolve("report.txt");
        final JvmRunner.Outcome tool = JvmRunner.run(JvmRunner.command(null, List.of(), JvmRunner.agentJar(),
            "io.dsm.runtime.layout.LayoutTool", "--layout", layout.toString(), "--report", report.toString(),
            profiles.resolve("dsm-profile-node0.tsv").toString(), profiles.resolve("dsm-profile-node1.tsv").toString()), 60);
        assertEquals(0, tool.exitCode, tool.output);
        final String reportText = Files.readString(report);
        assertTrue(reportText.contains("io.dsm.examples.counters.OneBlockCounters, block 0: false sharing"), reportText);
        assertTrue(Files.readString(layout).contains("layout.io.dsm.examples.counters.OneBlockCounters = a | b"),
            Files.readString(layout));

        outputs = runTwoCounters(dir, "-Ddsm.layout.file=" + layout);
        for (final String out : outputs)
        {
            final java.util.regex.Matcher m = java.util.regex.Pattern.compile("block grants received (\\d+) ").matcher(out);
            assertTrue(m.find(), out);
            // split, each node keeps its own block: at most its first fetch of it moves during the loop
            assertTrue(Long.parseLong(m.group(1)) <= 2, out);
        }
    }

    /** TwoCounters one 1 on nodes 0 and 1, with extra JVM options; returns each node's output (checked OK). */
    private static List<String> runTwoCounters(final Path dir, final String... jvmOptions) throws Exception
    {
        final int base = MultiJvmSupport.freeUdpPorts(2);
        final Path config = dir.resolve("dsm-" + base + ".properties");
        Files.writeString(config, "dsm.nodes=0@127.0.0.1:" + base + ",1@127.0.0.1:" + (base + 1) + "\n");
        final List<JvmRunner.Child> children = new ArrayList<>();
        final List<String> outputs = new ArrayList<>();
        try
        {
            for (int i = 0; i < 2; i++)
            {
                final List<String> options = new ArrayList<>(List.of(jvmOptions));
                options.add("-Ddsm.node.id=" + i);
                options.add("-Ddsm.aeron.dir=/dev/shm/dsm-it-counters-" + ProcessHandle.current().pid() + "-" + i);
                children.add(JvmRunner.start(JvmRunner.command(config.toString(), options,
                    System.getProperty("dsm.examples.jar"), "io.dsm.examples.counters.TwoCounters", "one", "1")));
            }
            for (int i = 0; i < 2; i++)
            {
                final JvmRunner.Outcome out = children.get(i).await(90);
                assertEquals(0, out.exitCode, "node " + i + ":\n" + out.output);
                assertTrue(out.output.contains(": OK"), out.output);
                outputs.add(out.output);
            }
        }
        finally
        {
            for (final JvmRunner.Child c : children)
            {
                c.close();
            }
        }
        return outputs;
    }

    /** Two nodes whose layout files split a class differently: both refuse to run, naming the class. */
    @Test
    void nodesWithDifferentLayoutsAreRefusedAtConnect(@TempDir final Path dir) throws Exception
    {
        final int base = MultiJvmSupport.freeUdpPorts(2);
        final Path config = dir.resolve("dsm.properties");
        Files.writeString(config, "dsm.nodes=0@127.0.0.1:" + base + ",1@127.0.0.1:" + (base + 1) +
            "\ndsm.connect.timeout.ms=20000\n");
        final Path[] layouts = {dir.resolve("layout-0.properties"), dir.resolve("layout-1.properties")};
        Files.writeString(layouts[0], "layout." + CLASS + " = left | right\n");
        Files.writeString(layouts[1], "layout." + CLASS + " = left,right\n");
        final List<JvmRunner.Child> children = new ArrayList<>();
        try
        {
            for (int i = 0; i < 2; i++)
            {
                children.add(JvmRunner.start(JvmRunner.command(config.toString(),
                    List.of("-Ddsm.node.id=" + i, "-Ddsm.layout.file=" + layouts[i],
                        "-Ddsm.aeron.dir=/dev/shm/dsm-it-layout-" + ProcessHandle.current().pid() + "-" + i),
                    System.getProperty("java.class.path"), LayoutFileMain.class.getName(), "shared")));
            }
            for (int i = 0; i < 2; i++)
            {
                final JvmRunner.Outcome out = children.get(i).await(90);
                assertEquals(2, out.exitCode, "node " + i + ":\n" + out.output);
                assertTrue(out.output.contains("split shared classes into blocks differently: class " + CLASS +
                    " is split differently"), "node " + i + ":\n" + out.output);
                assertTrue(out.output.contains("Give every node the same dsm.layout.file"), out.output);
            }
        }
        finally
        {
            for (final JvmRunner.Child c : children)
            {
                c.close();
            }
        }
    }
}
