package io.dsm.it.failure;

import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.dsm.it.model.Counter;
import io.dsm.runtime.DsmCluster;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node dies holding a cluster lock (the token of {@code synchronized} on a shared object) while a
 * thread of another node waits to enter and a third waits in {@code wait()}. The recovery round
 * makes the token anew at the waiting survivor with a higher fencing counter (counted as a
 * regenerated token there: that is how the waiter can tell the previous holder died), rebuilds the
 * wait set from the survivors' waits, and the lock works again: the waiter enters, and a notify
 * reaches the thread in {@code wait()}. The victim is a plain node, or the lock's manager (the lock
 * object's creator).
 */
@Timeout(120)
class LockHolderDeathTest
{
    @ParameterizedTest(name = "{0}, node {1} dies holding the lock")
    @CsvSource({"ivy-forwarding-manager, 2", "ivy-forwarding-manager, 0", "ivy-dynamic, 2", "full-replication, 2"})
    void theNextWaiterGetsTheLockWithAHigherFencingCounter(final String protocol, final int victim) throws Exception
    {
        final Properties p = FastDetection.config(protocol);
        final int enterer = (victim + 1) % 3;
        final int waiter = (victim + 2) % 3;
        try (DsmCluster cluster = DsmCluster.start(3, p))
        {
            final Counter onVictim = cluster.node(victim).root("lock", Counter::new); // the victim created it: its manager
            onVictim.value = 1;
            final Counter onEnterer = cluster.node(enterer).root("lock", Counter::new);
            final Counter onWaiter = cluster.node(waiter).root("lock", Counter::new);
            assertEquals(1, onEnterer.value);

            // a thread of the waiter node waits in wait() (it held the lock, so the token passed through it)
            final CountDownLatch waiting = new CountDownLatch(1);
            final CompletableFuture<Integer> waited = CompletableFuture.supplyAsync(() ->
            {
                synchronized (onWaiter)
                {
                    waiting.countDown();
                    while (onWaiter.value < 10)
                    {
                        try
                        {
                            onWaiter.wait();
                        }
                        catch (final InterruptedException ex)
                        {
                            throw new AssertionError(ex);
                        }
                    }
                    return onWaiter.value;
                }
            });
            assertTrue(waiting.await(20, TimeUnit.SECONDS));
            Thread.sleep(100); // it is inside wait() now, its entry in the lock's wait set

            // the victim takes the lock and dies holding it
            final CountDownLatch held = new CountDownLatch(1);
            final Thread holder = new Thread(() ->
            {
                synchronized (onVictim)
                {
                    held.countDown();
                    try
                    {
                        Thread.sleep(60_000); // never leaves: its node dies under it
                    }
                    catch (final InterruptedException ex)
                    {
                        // the test is over
                    }
                }
            }, "doomed-holder");
            holder.setDaemon(true);
            holder.start();
            assertTrue(held.await(20, TimeUnit.SECONDS));

            final CompletableFuture<Void> entered = CompletableFuture.runAsync(() ->
            {
                synchronized (onEnterer)
                {
                    onEnterer.value = 10; // the waiter's condition
                    onEnterer.notifyAll();
                }
            });
            Thread.sleep(200);   // the enterer has asked for the lock and waits behind the victim
            cluster.kill(victim);
            entered.get(30, TimeUnit.SECONDS);
            assertEquals(10, waited.get(30, TimeUnit.SECONDS), "the notify reached the thread in wait() on another node");
            final long regenerated = cluster.node(enterer).lockStats().tokensRegenerated() +
                cluster.node(waiter).lockStats().tokensRegenerated();
            assertEquals(1, regenerated, "the token that died was made anew once, at a survivor");
            holder.interrupt();
        }
    }
}
