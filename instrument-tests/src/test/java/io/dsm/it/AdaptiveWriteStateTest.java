package io.dsm.it;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.dsm.runtime.barrier.ProcessBarriers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A block whose ownership ping-pongs must not cost a process-wide barrier per move: after its
 * first quick revocation it is granted the CAS write state, which is revoked without one. With the
 * adaptation switched off ({@code dsm.writes.hot.ms=0}) every move pays a barrier, which shows
 * that the count below measures what it claims.
 */
@Timeout(300)
class AdaptiveWriteStateTest
{
    private static final int ITERATIONS = 300;
    private static final Pattern BARRIERS = Pattern.compile("lostWrites=(\\d+) .* barriers=(\\d+) ");

    @BeforeEach
    void needsTheBarrier()
    {
        Assumptions.assumeTrue(ProcessBarriers.probe().barrier() != null,
            "no process-wide barrier on this machine: " + ProcessBarriers.probe().reason());
    }

    @Test
    void aPingPongBlockIsWrittenWithACasAndCostsNoBarrierPerMove() throws Exception
    {
        final long adaptive = barriers(List.of("-Ddsm.writes=asym"));
        final long everyMove = barriers(List.of("-Ddsm.writes=asym", "-Ddsm.writes.hot.ms=0"));
        System.out.println("ping-pong of one block, " + 2 * ITERATIONS + " writes: " + adaptive + " barriers adaptive, " +
            everyMove + " with dsm.writes.hot.ms=0");
        assertTrue(everyMove >= ITERATIONS / 2, "without the adaptation every move pays a barrier: " + everyMove);
        assertTrue(adaptive * 20 < everyMove, "adaptive: " + adaptive + " barriers, against " + everyMove + " without");
    }

    private static long barriers(final List<String> jvmArgs) throws Exception
    {
        final JvmRunner.Outcome out = JvmRunner.runTestClass(FalseSharingRace.class.getName(), jvmArgs, 240,
            String.valueOf(ITERATIONS), "lockstep");
        assertEquals(0, out.exitCode, out.output);
        final Matcher m = BARRIERS.matcher(out.output);
        assertTrue(m.find(), out.output);
        assertEquals("0", m.group(1), "no write lost: " + out.output);
        return Long.parseLong(m.group(2));
    }
}
