package io.dsm.it;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The write-versus-revocation race: a write that entered an owned block must land before the block is revoked and shipped, so no write is lost under false sharing. */
@Timeout(300)
class WriteRevocationTest
{
    private static final int ITERATIONS = 3000;

    @Test
    void noWriteIsLostWhileOwnershipPingPongs() throws Exception
    {
        final FalseSharingRace.Result r = FalseSharingRace.run(ITERATIONS, false);
        System.out.println("false sharing, sound writes: lost " + r.lostWrites + " of " + 2 * ITERATIONS);
        assertEquals(0, r.lostWrites, "a writer read its own write undone");
        assertEquals(ITERATIONS, r.finalA);
        assertEquals(ITERATIONS, r.finalB);
    }

    /**
     * The same race with the writer count removed ({@code -Ddsm.test.unsoundWrites=true}) must
     * lose writes, or the test above proves nothing.
     */
    @Test
    void theRaceTestCatchesUnsoundWrites() throws Exception
    {
        final JvmRunner.Outcome out = JvmRunner.runTestClass(
            FalseSharingRace.class.getName(), List.of("-Ddsm.test.unsoundWrites=true"), 240, "200000");
        System.out.println("false sharing, unsound writes: " + out.output.trim());
        assertEquals(0, out.exitCode, out.output);
        assertTrue(out.output.contains("lostWrites=") && !out.output.contains("lostWrites=0 "),
            "without the writer count, writes must be lost: " + out.output);
    }
}
