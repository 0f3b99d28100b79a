package io.dsm.it.failure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * kill -9 across three real JVMs (the short version of {@code benchmarks/run-chaos.sh}): the chaos
 * workload ({@link io.dsm.examples.chaos.ChaosWorkload}) runs on nodes 0, 1 and 2, the victim is
 * killed with SIGKILL once it has frozen its kept cells and the survivors hold copies of them, and
 * the survivors must: declare the victim dead, finish, keep every value that had a copy on a live
 * node (the last one written, checksummed), lose exactly the cells whose every copy was on the
 * victim (BlockLostException at once, no DsmTimeoutException anywhere), and never pause longer
 * than the failure timeout plus one fault timeout.
 */
class KillNodeTest
{
    @ParameterizedTest(name = "{0}: kill -9 node {1} ({2})")
    @CsvSource({
        "ivy-forwarding-manager, 0, the manager",
        "ivy-forwarding-manager, 2, a plain owner",
        "ivy-dynamic,            1, a plain owner",
        "migration,              2, a plain owner",
    })
    @Timeout(150)
    void survivorsFinishWithEverythingThatHadALiveCopy(final String protocol, final int victim, final String role,
        @TempDir final Path dir) throws Exception
    {
        final ChaosCluster.Settings s = new ChaosCluster.Settings();
        s.protocol = protocol;
        s.victim = victim;
        try (ChaosCluster cluster = new ChaosCluster(s, dir))
        {
            cluster.start();
            cluster.awaitLine(victim, "READY-TO-DIE", 60_000);
            for (int n = 0; n < ChaosCluster.NODES; n++)
            {
                if (n != victim)
                {
                    cluster.awaitLine(n, "ARMED", 30_000);
                }
            }
            cluster.killVictim();

            final List<String> problems = new ArrayList<>();
            for (int n = 0; n < ChaosCluster.NODES; n++)
            {
                if (n == victim)
                {
                    continue;
                }
                final int exit = cluster.awaitExit(n, 90_000);
                final Map<String, String> sum = cluster.summary(n);
                if (sum.isEmpty())
                {
                    problems.add("survivor node " + n + " printed no CHAOS summary line (exit " + exit + ")");
                    continue;
                }
                check(problems, n, sum, s);
                if (exit != 0)
                {
                    problems.add("survivor node " + n + " exited with " + exit + ":\n" + cluster.report(n));
                }
            }
            if (!problems.isEmpty())
            {
                fail(s + ", killing " + role + ": " + problems.size() + " problems:\n- " + String.join("\n- ", problems) +
                    "\n\nkilled at " + cluster.killedAt() + " (epoch ms); the nodes' output:\n" + cluster.outputs());
            }
        }
    }

    private static void check(final List<String> problems, final int n, final Map<String, String> sum,
        final ChaosCluster.Settings s)
    {
        final String who = "survivor node " + n + ": ";
        final long detectMs = Long.parseLong(sum.get("detectMs"));
        if (detectMs < 0)
        {
            problems.add(who + "never declared node " + s.victim + " dead (deadNodes() never contained it)");
        }
        else if (detectMs > s.maxPauseMs())
        {
            problems.add(who + "declared node " + s.victim + " dead only " + detectMs + " ms after the kill");
        }
        final long pause = Long.parseLong(sum.get("maxPauseMs"));
        if (pause > s.maxPauseMs())
        {
            problems.add(who + "paused " + pause + " ms between two operations, more than failure timeout + fault timeout = " +
                s.maxPauseMs() + " ms");
        }
        if (!"0".equals(sum.get("timeouts")))
        {
            problems.add(who + sum.get("timeouts") + " DsmTimeoutExceptions");
        }
        if (!"0".equals(sum.get("failedOps")))
        {
            problems.add(who + sum.get("failedOps") + " operations failed (timeouts, sends to the dead node, losses of cells " +
                "that had a live copy)");
        }
        if (!sum.get("lost").equals(sum.get("expectedLost")))
        {
            problems.add(who + sum.get("lost") + " cells lost (BlockLostException), expected exactly " + sum.get("expectedLost") +
                ("0".equals(sum.get("unverified")) ? "" : " (" + sum.get("unverified") + " cells not verified: it gave up after " +
                    "an access failed otherwise)"));
        }
        if (!"0".equals(sum.get("torn")))
        {
            problems.add(who + sum.get("torn") + " torn reads");
        }
        if ("0".equals(sum.get("opsAfterKill")))
        {
            problems.add(who + "no operation completed after the kill");
        }
        if (!"ok".equals(sum.get("result")))
        {
            problems.add(who + sum.get("errors") + " errors (its CHAOS-ERROR lines are in its output below)");
        }
    }

    /** The harness's own check: the same run without the kill loses nothing and every node passes. */
    @Test
    @Timeout(120)
    void withoutAKillEveryNodePassesAndNothingIsLost(@TempDir final Path dir) throws Exception
    {
        final ChaosCluster.Settings s = new ChaosCluster.Settings();
        s.kill = false;
        try (ChaosCluster cluster = new ChaosCluster(s, dir))
        {
            cluster.start();
            for (int n = 0; n < ChaosCluster.NODES; n++)
            {
                assertEquals(0, cluster.awaitExit(n, 90_000), "node " + n + "\n" + cluster.outputs());
                final Map<String, String> sum = cluster.summary(n);
                assertEquals("ok", sum.get("result"), "node " + n + "\n" + cluster.outputs());
                assertEquals("0", sum.get("lost"), cluster.outputs());
                assertEquals("0", sum.get("expectedLost"), cluster.outputs());
            }
        }
    }
}
