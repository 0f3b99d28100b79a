package io.dsm.it;

import java.util.List;

import io.dsm.runtime.barrier.ProcessBarriers;
import io.dsm.runtime.block.WriteMode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The write-versus-revocation race: a write that entered an owned block must land before the
 * block is revoked and shipped, so no write is lost under false sharing. Run in each write mode
 * (announced writes with a barrier on revocation, a CAS per write), with a test-only pause between
 * a writer's state check and its store (a preempted writer), and against the broken writers the
 * mechanisms exist to stop.
 */
@Timeout(600)
class WriteRevocationTest
{
    private static final int ITERATIONS = 3000;
    /** Busy-wait iterations between check and store: long enough for the revoker to run in between. */
    private static final String PAUSE = "-Ddsm.test.writePause=3000";
    /** Every revocation takes the announced path: no block is switched to CAS writes for moving often. */
    private static final String NEVER_HOT = "-Ddsm.writes.hot.ms=0";

    @Test
    void noWriteIsLostWhileOwnershipPingPongs() throws Exception
    {
        final FalseSharingRace.Result r = FalseSharingRace.run(ITERATIONS, false);
        System.out.println("false sharing, " + WriteMode.describe() + ": lost " + r.lostWrites + " of " + 2 * ITERATIONS);
        assertEquals(0, r.lostWrites, "a writer read its own write undone");
        assertEquals(ITERATIONS, r.finalA);
        assertEquals(ITERATIONS, r.finalB);
    }

    @ParameterizedTest
    @ValueSource(strings = {"asym", "cas"})
    void noWriteIsLostWhenTheWriterIsPreemptedBetweenCheckAndStore(final String mode) throws Exception
    {
        if ("asym".equals(mode))
        {
            Assumptions.assumeTrue(ProcessBarriers.probe().barrier() != null,
                "no process-wide barrier on this machine: " + ProcessBarriers.probe().reason());
        }
        final JvmRunner.Outcome out = JvmRunner.runTestClass(FalseSharingRace.class.getName(),
            List.of("-Ddsm.writes=" + mode, NEVER_HOT, PAUSE), 240, String.valueOf(ITERATIONS));
        System.out.println("false sharing, dsm.writes=" + mode + ", paused writers: " + out.output.trim());
        assertEquals(0, out.exitCode, out.output);
        assertTrue(out.output.contains("lostWrites=0 "), "no write may be lost: " + out.output);
        assertTrue(out.output.contains("writes=" + mode + " "), "the JVM ran the mode asked for: " + out.output);
    }

    /**
     * Writers that check the state and store without announcing themselves (the barrier and the
     * wait are still there) must lose writes, or the announcement is not what keeps them.
     */
    @Test
    void theRaceTestCatchesWritersThatDoNotAnnounce() throws Exception
    {
        Assumptions.assumeTrue(ProcessBarriers.probe().barrier() != null,
            "no process-wide barrier on this machine: " + ProcessBarriers.probe().reason());
        final JvmRunner.Outcome out = JvmRunner.runTestClass(FalseSharingRace.class.getName(),
            List.of("-Ddsm.writes=asym", NEVER_HOT, PAUSE, "-Ddsm.test.broken=no-announce"), 240, "200000");
        System.out.println("false sharing, writers that do not announce: " + out.output.trim());
        assertEquals(0, out.exitCode, out.output);
        assertTrue(out.output.contains("lostWrites=") && !out.output.contains("lostWrites=0 "),
            "without the announcement, writes must be lost: " + out.output);
    }

    /**
     * The same race with the CAS removed as well ({@code -Ddsm.test.unsoundWrites=true}) in CAS
     * mode must lose writes, or the CAS path's test above proves nothing.
     */
    @Test
    void theRaceTestCatchesUnsoundWrites() throws Exception
    {
        final JvmRunner.Outcome out = JvmRunner.runTestClass(FalseSharingRace.class.getName(),
            List.of("-Ddsm.writes=cas", "-Ddsm.test.unsoundWrites=true"), 240, "200000");
        System.out.println("false sharing, unsound writes: " + out.output.trim());
        assertEquals(0, out.exitCode, out.output);
        assertTrue(out.output.contains("lostWrites=") && !out.output.contains("lostWrites=0 "),
            "without the writer count, writes must be lost: " + out.output);
    }
}
