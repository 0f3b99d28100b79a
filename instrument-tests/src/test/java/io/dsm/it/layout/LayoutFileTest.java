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
