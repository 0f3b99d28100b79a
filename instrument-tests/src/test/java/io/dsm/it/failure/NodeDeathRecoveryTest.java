package io.dsm.it.failure;

import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.dsm.api.BlockLostException;
import io.dsm.api.NotMemberException;
import io.dsm.api.DsmException;
import io.dsm.api.DsmTimeoutException;
import io.dsm.it.model.Counter;
import io.dsm.runtime.DsmCluster;
import io.dsm.runtime.DsmNode;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Three nodes in one JVM; one dies (its agent, transport and heartbeats stop at once, as in a crash)
 * while it owns blocks: one of them has a surviving read copy, one has none. The survivors declare
 * it dead, recover, and go on: the block with a copy keeps its last value and gets a new owner, the
 * block without one fails every access at once with {@link BlockLostException}, a block owned by a
 * survivor keeps working, and named roots bound before (and after) the death stay bound. The victim
 * is a plain node, or the manager (node 0, which also keeps the named roots).
 */
@Timeout(120)
class NodeDeathRecoveryTest
{
    @ParameterizedTest(name = "{0}, node {1} dies")
    @CsvSource({
        "ivy-forwarding-manager, 2", "ivy-forwarding-manager, 0",
        "ivy-central-manager, 0", "ivy-fixed-hash, 1", "ivy-fixed-low-bits, 2",
        "ivy-dynamic, 2", "ivy-dynamic, 0", "ivy-broadcast, 2", "migration, 0"})
    void survivorsRecoverWhatHasACopyAndLoseWhatHasNone(final String protocol, final int victim) throws Exception
    {
        final Properties p = FastDetection.config(protocol);
        final int a = (victim + 1) % 3;
        final int b = (victim + 2) % 3;
        try (DsmCluster cluster = DsmCluster.start(3, p))
        {
            final DsmNode dying = cluster.node(victim);
            final Counter kept = dying.root("kept", Counter::new);
            final Counter doomed = dying.root("doomed", Counter::new);
            kept.value = 7;
            final Counter keptOnA = cluster.node(a).root("kept", Counter::new);
            final Counter keptOnB = cluster.node(b).root("kept", Counter::new);
            assertEquals(7, keptOnA.value);                // a read copy survives on a (migration: the block moves to a)
            final Counter doomedOnA = cluster.node(a).root("doomed", Counter::new);
            doomed.value = 9;                              // only the victim ever holds doomed's data
            final Counter mine = cluster.node(a).root("mine", Counter::new);
            mine.value = 5;
            final Counter mineOnB = cluster.node(b).root("mine", Counter::new);
            assertEquals(5, mineOnB.value);

            cluster.kill(victim);
            final long killedAt = System.nanoTime();
            awaitDeclaredDead(cluster.node(a), victim);
            awaitDeclaredDead(cluster.node(b), victim);
            final long detectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

            assertEquals(7, keptOnB.value, "the block with a surviving copy keeps its last value");
            keptOnB.value = 8;
            assertEquals(8, keptOnA.value, "and has an owner again that serves reads and writes");

            final BlockLostException lostEx = assertThrows(BlockLostException.class, () -> System.out.println(doomedOnA.value));
            assertEquals(victim, lostEx.deadNode(), lostEx.getMessage());
            assertTrue(lostEx.getMessage().contains(Counter.class.getName()), lostEx.getMessage());
            assertThrows(BlockLostException.class, () -> doomedOnA.value = 1, "every later access fails too");

            mine.value = 6;
            assertEquals(6, mineOnB.value, "blocks of the survivors go on");
            mineOnB.value = 7;
            assertEquals(7, mine.value);

            assertEquals(keptOnA, cluster.node(a).root("kept", Counter::new), "roots bound before the death stay bound");
            final Counter after = cluster.node(a).root("after", Counter::new);
            after.value = 3;
            assertEquals(3, cluster.node(b).root("after", Counter::new).value, "and new roots bind (manager died: at its stand-in)");
            System.out.println("[" + protocol + ", node " + victim + " died] survivors learned it within " + detectedMs +
                " ms; node " + a + ": " + cluster.node(a).recoveryStats() + "; node " + b + ": " + cluster.node(b).recoveryStats());
        }
    }

    /**
     * A new process with the id of a node the cluster declared dead is told it is not a member and
     * fails to start; so is one that comes back before the others noticed the death (its new
     * incarnation gives it away: the old one is declared dead then). The survivors go on.
     */
    @ParameterizedTest(name = "restarted before the death was noticed: {0}")
    @CsvSource({"false", "true"})
    void aProcessWithADeadNodesIdIsRefused(final boolean beforeDetection) throws Exception
    {
        try (DsmCluster cluster = DsmCluster.start(3, FastDetection.config("ivy-forwarding-manager")))
        {
            final Counter c0 = cluster.node(0).root("c", Counter::new);
            c0.value = 1;
            final Counter c1 = cluster.node(1).root("c", Counter::new);
            assertEquals(1, c1.value);
            cluster.kill(2);
            if (!beforeDetection)
            {
                awaitDeclaredDead(cluster.node(0), 2);
                awaitDeclaredDead(cluster.node(1), 2);
            }
            try
            {
                final DsmNode again = cluster.startAgain(2);
                // it heard a survivor before the survivors heard it: refused right after
                final Counter c2 = again.root("c", Counter::new);
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (true)
                {
                    try
                    {
                        System.out.println(c2.value);
                    }
                    catch (final NotMemberException expected)
                    {
                        break;
                    }
                    if (System.nanoTime() - deadline > 0)
                    {
                        fail("the restarted node 2 was not refused within 20 s");
                    }
                    Thread.sleep(10);
                }
            }
            catch (final NotMemberException expected)
            {
                assertTrue(expected.getMessage().contains("not a member"), expected.getMessage());
            }
            awaitDeclaredDead(cluster.node(0), 2);
            assertTrue(cluster.node(0).recoveryStats().contains("refusedProcesses=") &&
                !cluster.node(0).recoveryStats().contains("refusedProcesses=0") ||
                !cluster.node(1).recoveryStats().contains("refusedProcesses=0"), cluster.node(0).recoveryStats());
            c1.value = 2;
            assertEquals(2, c0.value, "the survivors go on");
        }
    }

    /** Central server: the dead server's blocks are lost (nobody else ever held them); the others' go on. */
    @ParameterizedTest(name = "central-server, node {0} dies")
    @CsvSource({"2", "0"})
    void centralServerLosesTheDeadServersBlocksOnly(final int victim) throws Exception
    {
        final Properties p = FastDetection.config("central-server");
        final int a = (victim + 1) % 3;
        final int b = (victim + 2) % 3;
        try (DsmCluster cluster = DsmCluster.start(3, p))
        {
            final Counter served = cluster.node(victim).root("served", Counter::new);
            served.value = 4;
            final Counter servedOnA = cluster.node(a).root("served", Counter::new);
            assertEquals(4, servedOnA.value);
            final Counter mine = cluster.node(a).root("mine", Counter::new);
            mine.value = 5;
            final Counter mineOnB = cluster.node(b).root("mine", Counter::new);
            assertEquals(5, mineOnB.value);

            cluster.kill(victim);
            awaitDeclaredDead(cluster.node(a), victim);
            awaitDeclaredDead(cluster.node(b), victim);
            awaitRecovered(cluster.node(a));
            assertThrows(BlockLostException.class, () -> System.out.println(servedOnA.value));
            assertThrows(BlockLostException.class, () -> servedOnA.value = 1);
            mineOnB.value = 6;
            assertEquals(6, mine.value);
            assertEquals(6, mineOnB.value);
        }
    }

    /**
     * Full replication: every survivor holds a copy of every block it used, so nothing is lost; when
     * the sequencer dies, the survivor that applied the most writes orders them from now on.
     */
    @ParameterizedTest(name = "full-replication, node {0} dies")
    @CsvSource({"0", "2"})
    void fullReplicationGoesOnWithANewSequencer(final int victim) throws Exception
    {
        final Properties p = FastDetection.config("full-replication");
        final int a = (victim + 1) % 3;
        final int b = (victim + 2) % 3;
        try (DsmCluster cluster = DsmCluster.start(3, p))
        {
            final Counter onVictim = cluster.node(victim).root("replicated", Counter::new);
            onVictim.value = 4;
            final Counter onA = cluster.node(a).root("replicated", Counter::new);
            final Counter onB = cluster.node(b).root("replicated", Counter::new);
            assertEquals(4, onA.value);
            assertEquals(4, onB.value);
            onVictim.value = 5;                 // the victim's last write, applied everywhere

            cluster.kill(victim);
            awaitDeclaredDead(cluster.node(a), victim);
            awaitDeclaredDead(cluster.node(b), victim);
            awaitRecovered(cluster.node(a));
            awaitRecovered(cluster.node(b));
            assertEquals(5, onA.value);
            onA.value = 6;
            assertEquals(6, onA.value);
            awaitValue(onB, 6);
            onB.value = 7;
            awaitValue(onA, 7);
        }
    }

    private static void awaitRecovered(final DsmNode node) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (node.recoveryRounds() == 0)
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("node " + node.id() + " did not finish a recovery round within 20 s: " + node.recoveryStats());
            }
            Thread.sleep(5);
        }
    }

    /** Full replication applies another node's write asynchronously: a reader sees it soon, not at once. */
    private static void awaitValue(final Counter c, final int value) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (c.value != value)
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("the value " + value + " did not arrive within 20 s (still " + c.value + ")");
            }
            Thread.sleep(1);
        }
    }

    private static void awaitDeclaredDead(final DsmNode node, final int victim) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!node.deadNodes().contains(victim))
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("node " + node.id() + " did not declare node " + victim + " dead within 20 s: " + node.recoveryStats());
            }
            Thread.sleep(10);
        }
        assertFalse(node.deadNodes().contains(node.id()));
    }
}
