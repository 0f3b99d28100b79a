package io.dsm.it;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.dsm.it.consistency.BrokenModeMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * IriwTest and WrcTest prove something only if they fail on a protocol that breaks the memory
 * model. Nodes that acknowledge invalidations without applying them (a test-only mode, read once
 * per JVM, hence the child JVM) must produce the forbidden outcomes.
 */
@Timeout(300)
class IriwWrcCatchBrokenModeTest
{
    private static final Pattern COUNT = Pattern.compile("^(iriw|wrc) (\\S+) forbidden=(\\d+) ", Pattern.MULTILINE);

    @Test
    void skippedInvalidationsShowAsForbiddenOutcomes() throws Exception
    {
        final JvmRunner.Outcome out = JvmRunner.runTestClass(BrokenModeMain.class.getName(),
            List.of("-Ddsm.test.broken=skip-invalidation"), 240, "200");
        System.out.println("IRIW/WRC with skipped invalidations:\n" + out.output.trim());
        assertEquals(0, out.exitCode, out.output);
        assertTrue(out.output.contains("dsm.test.broken=skip-invalidation"), out.output);
        final Matcher m = COUNT.matcher(out.output);
        int runs = 0;
        while (m.find())
        {
            runs++;
            assertTrue(Integer.parseInt(m.group(3)) > 0, m.group(1) + " under " + m.group(2) + " did not catch the skipped invalidations:\n" +
                out.output);
        }
        assertEquals(6, runs, out.output);
    }
}
