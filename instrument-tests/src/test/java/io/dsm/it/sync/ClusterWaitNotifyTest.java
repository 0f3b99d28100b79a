package io.dsm.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.dsm.api.Protocol;
import io.dsm.it.model.Counter;
import io.dsm.it.model.Mailbox;
import io.dsm.runtime.DsmCluster;
import io.dsm.runtime.config.NodeConfig;

/** {@code wait}/{@code notify} on shared objects with one-JVM semantics across nodes. */
@Timeout(120)
class ClusterWaitNotifyTest
{
    private static final long BOUND_MS = 30_000;

    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = "DEFAULT", mode = EnumSource.Mode.EXCLUDE)
    void aMailboxBetweenAProducerNodeAndTwoConsumerNodesLosesNothing(final Protocol protocol) throws Exception
    {
        try (DsmCluster cluster = start(protocol))
        {
            final Mailbox m0 = cluster.node(0).root("mailbox", Mailbox::new);
            final Mailbox m1 = cluster.node(1).root("mailbox", Mailbox::new);
            final Mailbox m2 = cluster.node(2).root("mailbox", Mailbox::new);
            final int items = 200;
            final AtomicLong sum = new AtomicLong();
            final AtomicInteger received = new AtomicInteger();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final List<Thread> threads = new ArrayList<>();
            threads.add(worker(failure, () ->
            {
                for (int i = 1; i <= items; i++)
                {
                    m0.put(i);
                }
            }));
            for (final Mailbox m : new Mailbox[] {m1, m2})
            {
                threads.add(worker(failure, () ->
                {
                    while (true)
                    {
                        final long v;
                        synchronized (m)
                        {
                            while (!m.full && m.taken < items)
                            {
                                m.wait();
                            }
                            if (!m.full)
                            {
                                m.notifyAll(); // let the other consumer see that everything was taken
                                return;
                            }
                            v = m.take();
                        }
                        sum.addAndGet(v);
                        received.incrementAndGet();
                    }
                }));
            }
            joinAll(threads, failure);
            assertEquals(items, received.get(), protocol + ": items lost or duplicated");
            assertEquals((long)items * (items + 1) / 2, sum.get(), protocol + ": wrong items");
        }
    }

    @Test
    void notifyAllWakesWaitersOnEveryNodeAndNotifyWakesExactlyOne() throws Exception
    {
        try (DsmCluster cluster = start(Protocol.IVY_FORWARDING_MANAGER))
        {
            final Counter[] c = new Counter[3];
            for (int n = 0; n < 3; n++)
            {
                c[n] = cluster.node(n).root("c", Counter::new);
            }
            // one waiter on nodes 1 and 2 each, long timeouts: only a notify ends their wait early
            final AtomicInteger returned = new AtomicInteger();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final CountDownLatch waiting = new CountDownLatch(2);
            final List<Thread> waiters = new ArrayList<>();
            for (int n = 1; n <= 2; n++)
            {
                final Counter mine = c[n];
                waiters.add(worker(failure, () ->
                {
                    synchronized (mine)
                    {
                        mine.value++;
                        waiting.countDown();
                        mine.wait(60_000);
                        returned.incrementAndGet();
                    }
                }));
            }
            waiters.forEach(Thread::start);
            assertTrue(waiting.await(BOUND_MS, TimeUnit.MILLISECONDS));
            awaitWaiting(c[0], 2);
            synchronized (c[0])
            {
                c[0].notify();
            }
            awaitTrue(() -> returned.get() == 1, "one waiter returned after notify");
            Thread.sleep(300); // a second, wrong, wake-up would show by now
            assertEquals(1, returned.get(), "notify woke more than one waiter");
            synchronized (c[0])
            {
                c[0].notifyAll();
            }
            for (final Thread t : waiters)
            {
                t.join(BOUND_MS);
                assertFalse(t.isAlive(), "notifyAll did not wake every waiter");
            }
            assertEquals(2, returned.get());
            assertEquals(null, failure.get());
        }
    }

    @Test
    void aTimedWaitReturnsAfterItsTimeAndReacquires() throws Exception
    {
        try (DsmCluster cluster = start(Protocol.IVY_FORWARDING_MANAGER))
        {
            final Counter c0 = cluster.node(0).root("c", Counter::new);
            final Counter c1 = cluster.node(1).root("c", Counter::new);
            synchronized (c1)
            {
                final long start = System.nanoTime();
                c1.wait(200);
                final long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(waited >= 199, "returned after " + waited + " ms");
                assertTrue(Thread.holdsLock(c1));
                c1.value = 42; // still the lock holder: node 0 must see it after it takes the lock
            }
            synchronized (c0)
            {
                assertEquals(42, c0.value);
            }
        }
    }

    @Test
    void anInterruptedWaiterThrowsHoldingTheLockAgainAndNoNotificationIsLost() throws Exception
    {
        try (DsmCluster cluster = start(Protocol.IVY_FORWARDING_MANAGER))
        {
            final Counter c0 = cluster.node(0).root("c", Counter::new);
            final Counter c1 = cluster.node(1).root("c", Counter::new);
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final AtomicBoolean interrupted = new AtomicBoolean();
            final AtomicBoolean heldAfter = new AtomicBoolean();
            final CountDownLatch waiting = new CountDownLatch(1);
            final Thread waiter = worker(failure, () ->
            {
                synchronized (c1)
                {
                    c1.value++; // seen by node 0 only once this thread waits (it holds the lock until then)
                    waiting.countDown();
                    try
                    {
                        c1.wait();
                    }
                    catch (final InterruptedException ex)
                    {
                        interrupted.set(true);
                        heldAfter.set(Thread.holdsLock(c1) && !Thread.currentThread().isInterrupted());
                        c1.value = 7; // it holds the cluster lock again
                    }
                }
            });
            waiter.start();
            assertTrue(waiting.await(BOUND_MS, TimeUnit.MILLISECONDS));
            awaitWaiting(c0, 1);
            waiter.interrupt();
            waiter.join(BOUND_MS);
            assertFalse(waiter.isAlive());
            assertTrue(interrupted.get(), "the waiter did not get an InterruptedException");
            assertTrue(heldAfter.get(), "the waiter did not hold the lock, or kept its interrupt status");
            synchronized (c0)
            {
                assertEquals(7, c0.value);
            }
            assertEquals(null, failure.get());
        }
    }

    /**
     * JLS 17.2.4: a notification is never lost to an interrupt. Two waiters on node 1; node 0
     * interrupts one while it notifies: if the interrupted one throws, the notification went to
     * the other, which must return.
     */
    @Test
    void aNotificationIsNotLostToAConcurrentInterrupt() throws Exception
    {
        try (DsmCluster cluster = start(Protocol.IVY_FORWARDING_MANAGER))
        {
            final Counter c0 = cluster.node(0).root("c", Counter::new);
            final Counter c1 = cluster.node(1).root("c", Counter::new);
            int interruptedRounds = 0;
            for (int round = 0; round < 30; round++)
            {
                final AtomicReference<Throwable> failure = new AtomicReference<>();
                final AtomicBoolean aThrew = new AtomicBoolean();
                final AtomicBoolean bReturned = new AtomicBoolean();
                final int base;
                synchronized (c0)
                {
                    base = c0.value;
                }
                final Thread a = worker(failure, () ->
                {
                    synchronized (c1)
                    {
                        c1.value++;
                        try
                        {
                            c1.wait();
                        }
                        catch (final InterruptedException ex)
                        {
                            aThrew.set(true);
                        }
                    }
                });
                final Thread b = worker(failure, () ->
                {
                    synchronized (c1)
                    {
                        c1.value++;
                        c1.wait(60_000);
                        bReturned.set(true);
                    }
                });
                a.start();
                b.start();
                awaitWaiting(c0, base + 2);
                final Thread interrupter = new Thread(a::interrupt);
                interrupter.start();
                synchronized (c0)
                {
                    c0.notify();
                }
                interrupter.join(BOUND_MS);
                a.join(BOUND_MS);
                assertFalse(a.isAlive(), "round " + round + ": the interrupted waiter did not return");
                if (aThrew.get())
                {
                    interruptedRounds++;
                    b.join(BOUND_MS); // the notification must have gone to b
                    assertFalse(b.isAlive(), "round " + round + ": a threw InterruptedException and b was not notified");
                }
                else
                {
                    synchronized (c0)
                    {
                        c0.notifyAll();
                    }
                    b.join(BOUND_MS);
                    assertFalse(b.isAlive());
                }
                assertEquals(null, failure.get());
            }
            assertTrue(interruptedRounds > 0, "no round had the interrupt win; the test checked nothing");
        }
    }

    @Test
    void waitAndNotifyWithoutTheLockThrowIllegalMonitorState() throws Exception
    {
        try (DsmCluster cluster = start(Protocol.IVY_FORWARDING_MANAGER))
        {
            final Counter c0 = cluster.node(0).root("c", Counter::new);
            final Counter other = cluster.node(0).root("other", Counter::new);
            assertThrows(IllegalMonitorStateException.class, c0::wait);
            assertThrows(IllegalMonitorStateException.class, c0::notify);
            assertThrows(IllegalMonitorStateException.class, c0::notifyAll);
            synchronized (other)
            {
                assertThrows(IllegalMonitorStateException.class, () -> c0.wait(10));
            }
            synchronized (c0)
            {
                assertThrows(IllegalArgumentException.class, () -> c0.wait(-1));
            }
        }
    }

    /** Waits until the wait set of the lock holds {@code n} entries, seen by taking the lock on node 0. */
    private static void awaitWaiting(final Counter c0, final int n) throws InterruptedException
    {
        // each waiter incremented value under the lock before waiting; node 0 gets the lock only when they wait
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BOUND_MS);
        while (System.nanoTime() < deadline)
        {
            synchronized (c0)
            {
                if (c0.value >= n)
                {
                    return;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("waiters did not register within " + BOUND_MS + " ms");
    }

    interface Body
    {
        void run() throws Exception;
    }

    private static Thread worker(final AtomicReference<Throwable> failure, final Body body)
    {
        return new Thread(() ->
        {
            try
            {
                body.run();
            }
            catch (final Throwable t)
            {
                failure.compareAndSet(null, t);
            }
        });
    }

    private static void joinAll(final List<Thread> threads, final AtomicReference<Throwable> failure) throws Exception
    {
        threads.forEach(Thread::start);
        for (final Thread t : threads)
        {
            t.join(90_000);
            assertFalse(t.isAlive(), "a worker did not finish within 90 s");
        }
        if (failure.get() != null)
        {
            throw new AssertionError("a worker failed", failure.get());
        }
    }

    private static void awaitTrue(final java.util.function.BooleanSupplier condition, final String what)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BOUND_MS);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError(what + ": not within " + BOUND_MS + " ms");
            }
            Thread.sleep(2);
        }
    }

    private static DsmCluster start(final Protocol protocol)
    {
        final Properties p = new Properties();
        p.setProperty(NodeConfig.PROTOCOL, protocol.configName());
        p.setProperty(NodeConfig.FAULT_TIMEOUT_MS, "20000");
        return DsmCluster.start(3, p);
    }
}
