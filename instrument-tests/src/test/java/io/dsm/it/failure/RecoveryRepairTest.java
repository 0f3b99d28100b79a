package io.dsm.it.failure;

import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.dsm.it.model.Counter;
import io.dsm.runtime.DsmCluster;
import io.dsm.runtime.DsmNode;
import io.dsm.runtime.config.NodeConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The repair paths of a recovery round that need a message in flight at the moment of a death,
 * each with the test-only broken mode that removes its mechanism and must make the test's
 * assertion fail (the broken-mode tests assert exactly that). Nodes in one JVM over IPC,
 * {@code ivy-forwarding-manager}, manager node 0.
 */
@Timeout(120)
class RecoveryRepairTest
{
    private static final int FAILURE_TIMEOUT_MS = 1000;

    @AfterEach
    void clearBrokenMode()
    {
        System.clearProperty("dsm.test.broken");
    }

    private static Properties config(final long faultTimeoutMs)
    {
        final Properties p = new Properties();
        p.setProperty(NodeConfig.PROTOCOL, "ivy-forwarding-manager");
        p.setProperty(NodeConfig.FAILURE_TIMEOUT_MS, String.valueOf(FAILURE_TIMEOUT_MS));
        p.setProperty(NodeConfig.HEARTBEAT_INTERVAL_MS, "100");
        p.setProperty(NodeConfig.FAULT_TIMEOUT_MS, String.valueOf(faultTimeoutMs));
        p.setProperty(NodeConfig.LEAVE_TIMEOUT_MS, "1000");
        return p;
    }

    /**
     * Node 1 owns a block and has sent it, with ownership, to node 2 when node 3 dies; the grant is
     * still on its way (held in node 2's stream) when the round starts. The round's flush makes node
     * 2 act on it before it reports, so node 2 reports itself the owner and the block survives with
     * node 2's write.
     */
    @Test
    void aGrantInFlightWhenTheRoundStartsLandsAndTheBlockSurvives() throws Exception
    {
        assertEquals(42, grantInFlight(8000), "the block in flight survives with the write made on its new owner");
    }

    /**
     * Without the flush the block in flight looks ownerless to the leader and is declared lost (or the
     * grant, kept for after the round, lands on a block the plan gave up: the write never completes).
     */
    @Test
    void withoutTheFlushTheBlockInFlightIsLost()
    {
        System.setProperty("dsm.test.broken", "recovery-without-flush");
        assertThrows(Exception.class, () -> grantInFlight(3000));
    }

    /** The value node 0 (the manager) reads after the round; throws if the block was lost. */
    private static int grantInFlight(final long faultTimeoutMs) throws Exception
    {
        try (DsmCluster cluster = DsmCluster.start(4, config(faultTimeoutMs)))
        {
            final DsmNode owner = cluster.node(1);
            final DsmNode requester = cluster.node(2);
            final Counter onOwner = owner.root("in-flight", Counter::new);
            onOwner.value = 41;
            final Counter onRequester = requester.root("in-flight", Counter::new);
            final Counter onManager = cluster.node(0).root("in-flight", Counter::new);

            cluster.kill(3);
            Thread.sleep(FAILURE_TIMEOUT_MS / 2);  // node 3 is not declared dead yet
            requester.pauseFramesFrom(1);           // node 1's grant will wait in node 2's stream
            final long grantsBefore = owner.counters().sent("BlockGrant");
            final CompletableFuture<Void> write = CompletableFuture.runAsync(() -> onRequester.value = 42);
            await(() -> owner.counters().sent("BlockGrant") > grantsBefore, "node 1 sends the block to node 2");
            await(requester::isRecovering, "node 2 starts the recovery round after node 3's death");
            requester.resumeFramesFrom(1);
            write.get(20, TimeUnit.SECONDS);
            await(() -> cluster.node(0).recoveryRounds() > 0 && cluster.node(1).recoveryRounds() > 0 &&
                requester.recoveryRounds() > 0, "every survivor finishes the round");
            final int seen = onManager.value;
            assertEquals(seen, onOwner.value);
            return seen;
        }
    }

    /**
     * Node 3 holds a read copy and dies; node 2 then writes, so the manager waits for node 3's
     * acknowledgement of the invalidation, which never comes. The round rebuilds the manager's record
     * and node 2's write is asked again: it completes after detection, and every survivor reads it.
     */
    @Test
    void aDeathDuringAnInvalidationRoundDoesNotWedgeTheWriter() throws Exception
    {
        final long tookMs = writeWhileACopyHolderIsDead(8000);
        System.out.println("[invalidation round] node 2's write completed " + tookMs + " ms after node 3 died" +
            " (failure timeout " + FAILURE_TIMEOUT_MS + " ms)");
    }

    /** Keeping the manager's record (busy, waiting for the dead node's acknowledgement) wedges the write. */
    @Test
    void keepingTheManagersRecordsWedgesTheWriter()
    {
        System.setProperty("dsm.test.broken", "recovery-keeps-records");
        assertThrows(Exception.class, () -> writeWhileACopyHolderIsDead(3000));
    }

    private static long writeWhileACopyHolderIsDead(final long faultTimeoutMs) throws Exception
    {
        try (DsmCluster cluster = DsmCluster.start(4, config(faultTimeoutMs)))
        {
            final Counter onOwner = cluster.node(1).root("copied", Counter::new);
            onOwner.value = 1;
            final Counter onWriter = cluster.node(2).root("copied", Counter::new);
            final Counter onDying = cluster.node(3).root("copied", Counter::new);
            assertEquals(1, onDying.value);  // node 3 holds a read copy
            assertEquals(1, onWriter.value);
            cluster.kill(3);
            final long start = System.nanoTime();
            onWriter.value = 2;              // the manager invalidates node 3's copy: no acknowledgement comes
            final long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(2, onOwner.value);
            assertEquals(2, cluster.node(0).root("copied", Counter::new).value);
            return took;
        }
    }

    /**
     * Nodes 0 and 1 pass a block back and forth while node 2 dies: messages to node 2 (heartbeats,
     * nothing else) go nowhere, and node 0 and 1's faults do not wait for them. The longest round
     * trip seen is printed; the bound is generous (the failure timeout), the usual figure is the
     * recovery round's few milliseconds.
     */
    @Test
    void aDeadPeerDoesNotDelayFaultsBetweenLiveNodes() throws Exception
    {
        try (DsmCluster cluster = DsmCluster.start(3, config(8000)))
        {
            final Counter a = cluster.node(0).root("ping", Counter::new);
            final Counter b = cluster.node(1).root("ping", Counter::new);
            final AtomicBoolean stop = new AtomicBoolean();
            final AtomicLong longestNs = new AtomicLong();
            final AtomicLong exchanges = new AtomicLong();
            final CompletableFuture<Void> pinger = CompletableFuture.runAsync(() ->
            {
                long last = System.nanoTime();
                int i = 0;
                while (!stop.get())
                {
                    a.value = ++i;             // node 0 takes the block
                    if (b.value != i)          // node 1 takes a copy back
                    {
                        throw new AssertionError("node 1 read " + b.value + " after node 0 wrote " + i);
                    }
                    b.value = ++i;
                    if (a.value != i)
                    {
                        throw new AssertionError("node 0 read " + a.value + " after node 1 wrote " + i);
                    }
                    final long now = System.nanoTime();
                    longestNs.accumulateAndGet(now - last, Math::max);
                    last = now;
                    exchanges.incrementAndGet();
                }
            });
            Thread.sleep(500);
            longestNs.set(0);
            cluster.kill(2);
            await(() -> cluster.node(0).recoveryRounds() > 0 && cluster.node(1).recoveryRounds() > 0,
                "both survivors recover from node 2's death");
            Thread.sleep(500);
            stop.set(true);
            pinger.get(20, TimeUnit.SECONDS);
            final long longestMs = TimeUnit.NANOSECONDS.toMillis(longestNs.get());
            System.out.println("[dead peer] longest exchange between nodes 0 and 1 while node 2 died and was recovered from: " +
                TimeUnit.NANOSECONDS.toMicros(longestNs.get()) + " us over " + exchanges.get() + " exchanges");
            assertTrue(longestMs < FAILURE_TIMEOUT_MS, "an exchange between live nodes waited " + longestMs + " ms");
        }
    }

    private static void await(final java.util.function.BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("not within 20 s: " + what);
            }
            Thread.sleep(1);
        }
    }
}
