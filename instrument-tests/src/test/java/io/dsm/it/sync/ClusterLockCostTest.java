package io.dsm.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dsm.api.DsmTimeoutException;
import io.dsm.api.Protocol;
import io.dsm.it.model.Counter;
import io.dsm.runtime.DsmCluster;
import io.dsm.runtime.config.NodeConfig;

/** What a cluster lock costs in messages, that no node starves, and what a long wait reports. */
@Timeout(120)
class ClusterLockCostTest
{
    private static final String[] LOCK_MESSAGES = {"LockRequest", "LockForward", "LockToken"};

    @Test
    void aCachedLockCostsNoMessageAndARemoteAcquireAtMostThree()
    {
        try (DsmCluster cluster = start(new Properties()))
        {
            final Counter c0 = cluster.node(0).root("c", Counter::new); // node 0 creates it: its lock's manager
            final Counter c1 = cluster.node(1).root("c", Counter::new);
            final Counter c2 = cluster.node(2).root("c", Counter::new);
            synchronized (c0)
            {
                c0.value = 1;
            }
            assertEquals(0, lockMessages(cluster), "the creator's first lock: the token is born there");

            long before = lockMessages(cluster);
            synchronized (c1)
            {
                c1.value++;
            }
            assertEquals(2, lockMessages(cluster) - before, "node 1 from the manager: request and token");

            before = lockMessages(cluster);
            for (int i = 0; i < 1000; i++)
            {
                synchronized (c1)
                {
                    c1.value++;
                }
            }
            assertEquals(0, lockMessages(cluster) - before, "nobody else asked: node 1 keeps the token");

            before = lockMessages(cluster);
            synchronized (c2)
            {
                assertEquals(1002, c2.value);
            }
            assertEquals(3, lockMessages(cluster) - before, "node 2: request to the manager, forward to node 1, token");
        }
    }

    @Test
    void aNodeThatKeepsTakingTheLockDoesNotStarveAnother() throws Exception
    {
        try (DsmCluster cluster = start(new Properties()))
        {
            final Counter c0 = cluster.node(0).root("c", Counter::new);
            final Counter c1 = cluster.node(1).root("c", Counter::new);
            final AtomicLong sectionsOnNode0 = new AtomicLong();
            final AtomicBoolean stop = new AtomicBoolean();
            final Thread greedy = new Thread(() ->
            {
                while (!stop.get())
                {
                    synchronized (c0)
                    {
                        c0.value++;
                        sectionsOnNode0.incrementAndGet();
                    }
                }
            });
            greedy.start();
            try
            {
                long worst = 0;
                for (int i = 0; i < 50; i++)
                {
                    final long before = sectionsOnNode0.get();
                    synchronized (c1)
                    {
                        worst = Math.max(worst, sectionsOnNode0.get() - before);
                        c1.label = "round " + i;
                    }
                }
                // first come first served between nodes: once node 1's request has reached node 0, node 0
                // finishes the section it is in and hands over; it never grants its own thread again
                // first. (How many sections ran before the request arrived depends on the load.)
                assertEquals(0, cluster.node(0).lockStats().regrantsWhileAsked(),
                    "node 0 re-granted the lock to its own thread while node 1 waited (" + worst +
                    " sections at most during one of node 1's acquires)");
            }
            finally
            {
                stop.set(true);
                greedy.join(30_000);
            }
            assertFalse(greedy.isAlive());
        }
    }

    @Test
    void aLongWaitNamesTheNodeAndThreadThatHoldTheLock() throws Exception
    {
        final Properties p = new Properties();
        p.setProperty(NodeConfig.LOCK_WARN_MS, "300");
        try (DsmCluster cluster = start(p))
        {
            final Counter c0 = cluster.node(0).root("c", Counter::new);
            final Counter c1 = cluster.node(1).root("c", Counter::new);
            final CountDownLatch holding = new CountDownLatch(1);
            final CountDownLatch release = new CountDownLatch(1);
            final Thread holder = new Thread(() ->
            {
                synchronized (c0)
                {
                    holding.countDown();
                    await(release);
                }
            }, "the-holder");
            holder.start();
            assertTrue(holding.await(30, TimeUnit.SECONDS));
            final String log = captureErr(() ->
            {
                final Thread waiter = new Thread(() ->
                {
                    synchronized (c1)
                    {
                        c1.value++;
                    }
                });
                waiter.start();
                Thread.sleep(1000);
                release.countDown();
                waiter.join(30_000);
            });
            assertTrue(log.contains("node 0 holds it: thread 'the-holder'"), "the report did not name the holder:\n" + log);
            assertTrue(cluster.node(1).lockStats().longWaits() > 0);
            holder.join(30_000);
        }
    }

    @Test
    void aLockHeldByANodeThatStopsAnsweringGivesItsWaitersATimeoutNamingTheNode() throws Exception
    {
        final Properties p = new Properties();
        p.setProperty(NodeConfig.LOCK_WARN_MS, "300");
        p.setProperty(NodeConfig.FAULT_TIMEOUT_MS, "1500");
        try (DsmCluster cluster = start(p))
        {
            cluster.node(0).root("c", Counter::new);
            final Counter c1 = cluster.node(1).root("c", Counter::new);
            final Counter c2 = cluster.node(2).root("c", Counter::new);
            synchronized (c1)
            {
                c1.value++; // node 1 has the token now
            }
            final CountDownLatch holding = new CountDownLatch(1);
            final Thread holder = new Thread(() ->
            {
                synchronized (c1)
                {
                    holding.countDown();
                    await(new CountDownLatch(1)); // until its node dies
                }
            });
            holder.setDaemon(true);
            holder.start();
            assertTrue(holding.await(30, TimeUnit.SECONDS));
            cluster.kill(1);
            final AtomicReference<Throwable> thrown = new AtomicReference<>();
            final Thread waiter = new Thread(() ->
            {
                try
                {
                    synchronized (c2)
                    {
                        c2.value++;
                    }
                }
                catch (final Throwable t)
                {
                    thrown.set(t);
                }
            });
            captureErr(() ->
            {
                waiter.start();
                waiter.join(30_000);
            });
            assertFalse(waiter.isAlive(), "the waiter still waits for the dead node's lock");
            assertTrue(thrown.get() instanceof DsmTimeoutException, "expected a DsmTimeoutException, got " + thrown.get());
            assertTrue(thrown.get().getMessage().contains("node 1"), thrown.get().getMessage());
            assertFalse(Thread.holdsLock(c2));
        }
    }

    private static long lockMessages(final DsmCluster cluster)
    {
        long n = 0;
        for (int i = 0; i < cluster.size(); i++)
        {
            for (final String type : LOCK_MESSAGES)
            {
                n += cluster.node(i).counters().sent(type);
            }
        }
        return n;
    }

    interface Body
    {
        void run() throws Exception;
    }

    private static String captureErr(final Body body) throws Exception
    {
        final PrintStream original = System.err;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        try
        {
            body.run();
        }
        finally
        {
            System.setErr(original);
        }
        final String text = out.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }

    private static void await(final CountDownLatch latch)
    {
        try
        {
            latch.await(60, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static DsmCluster start(final Properties overrides)
    {
        final Properties p = new Properties();
        p.putAll(overrides);
        p.setProperty(NodeConfig.PROTOCOL, Protocol.IVY_FORWARDING_MANAGER.configName());
        p.putIfAbsent(NodeConfig.FAULT_TIMEOUT_MS, "20000");
        return DsmCluster.start(3, p);
    }
}
