package io.dsm.runtime.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.aeron.Subscription;

/**
 * An idle node agent sleeps, and must still answer at once: a local thread that needs it wakes it
 * ({@link AdaptiveIdleStrategy#wake}), and a datagram on the node's own sockets wakes it
 * ({@link SocketWait}). The sleeps here last an hour, so only the wake-up can end them within the
 * test's bound; without either mechanism the test times out.
 */
@Timeout(60)
final class AdaptiveIdleStrategyTest
{
    private static final long HOUR_NS = TimeUnit.HOURS.toNanos(1);

    @Test
    void wakeEndsAParkedAgentsSleep() throws InterruptedException
    {
        final AdaptiveIdleStrategy idle = new AdaptiveIdleStrategy(0, HOUR_NS, HOUR_NS);
        final Sleeper sleeper = new Sleeper(idle);
        sleeper.start();
        sleeper.awaitAsleep();
        final long before = sleeper.cycles();
        idle.wake();
        assertTrue(sleeper.awaitCycleAfter(before, 30), "the agent slept on after wake()");
        sleeper.stop(idle);
    }

    @Test
    void aDatagramEndsASleepOnTheNodesSockets() throws Exception
    {
        final String dir = Files.createTempDirectory("dsm-idle-test").toString();
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            EmbeddedAeron aeron = EmbeddedAeron.launchInvoked(dir, 65536, Throwable::printStackTrace))
        {
            final int port;
            try (DatagramSocket free = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
            {
                port = free.getLocalPort();
            }
            final Subscription subscription = aeron.aeron().addSubscription("aeron:udp?endpoint=127.0.0.1:" + port, 1);
            final AdaptiveIdleStrategy idle = new AdaptiveIdleStrategy(0, HOUR_NS, HOUR_NS, aeron.sockets());
            final Sleeper sleeper = new Sleeper(idle);
            sleeper.start();
            sleeper.awaitAsleep();
            final long before = sleeper.cycles();
            // not an Aeron frame: the driver drops it, but it is a datagram on the node's socket
            probe.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, InetAddress.getLoopbackAddress(), port));
            assertTrue(sleeper.awaitCycleAfter(before, 30), "the agent slept on although a datagram arrived");
            assertTrue(aeron.sockets().registered() >= 1, "no socket was registered to sleep on");
            sleeper.stop(idle);
            subscription.close();
        }
    }

    /** Runs idle() in a loop as an agent would between empty duty cycles, counting the returns. */
    private static final class Sleeper extends Thread
    {
        private final AdaptiveIdleStrategy idle;
        private final AtomicLong cycles = new AtomicLong();
        private final CountDownLatch first = new CountDownLatch(1);
        private volatile boolean running = true;

        Sleeper(final AdaptiveIdleStrategy idle)
        {
            super("idle-sleeper");
            this.idle = idle;
            setDaemon(true);
        }

        @Override
        public void run()
        {
            first.countDown();
            while (running)
            {
                idle.idle(0);
                cycles.incrementAndGet();
            }
        }

        /** Waits until the loop has started and has had time to fall asleep (bounded). */
        void awaitAsleep() throws InterruptedException
        {
            assertTrue(first.await(30, TimeUnit.SECONDS));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long last = -1;
            int still = 0;
            // asleep once the count has not moved for 100 ms (a thread in epoll_wait counts as RUNNABLE)
            while (System.nanoTime() < deadline)
            {
                final long now = cycles.get();
                still = now == last ? still + 1 : 0;
                if (still >= 5)
                {
                    return;
                }
                last = now;
                Thread.sleep(20);
            }
        }

        long cycles()
        {
            return cycles.get();
        }

        /** Whether the loop came out of idle() at least once more than {@code before} (bounded wait). */
        boolean awaitCycleAfter(final long before, final long seconds) throws InterruptedException
        {
            final long target = before + 1;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline)
            {
                if (cycles.get() >= target)
                {
                    return true;
                }
                Thread.sleep(5);
            }
            return false;
        }

        void stop(final AdaptiveIdleStrategy idle) throws InterruptedException
        {
            running = false;
            idle.wake();
            join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}
