package io.dsm.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.dsm.api.Protocol;
import io.dsm.it.model.Account;
import io.dsm.it.model.Counter;
import io.dsm.runtime.DsmCluster;
import io.dsm.runtime.config.NodeConfig;

/**
 * {@code synchronized} on a shared object excludes threads of every node, under every protocol:
 * 3 nodes in one JVM, 2 threads each, read-modify-write under the object's monitor.
 */
@Timeout(120)
class ClusterMonitorTest
{
    private static final int NODES = 3;
    private static final int THREADS = 2;
    private static final int ROUNDS = 300;

    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = "DEFAULT", mode = EnumSource.Mode.EXCLUDE)
    void synchronizedBlocksLoseNoUpdate(final Protocol protocol) throws Exception
    {
        try (DsmCluster cluster = start(protocol))
        {
            final List<Counter> replicas = new ArrayList<>();
            for (int n = 0; n < NODES; n++)
            {
                replicas.add(cluster.node(n).root("counter", Counter::new));
            }
            runOnEveryNode(replicas, c ->
            {
                synchronized (c)
                {
                    final int v = c.value;
                    Thread.yield();
                    c.value = v + 1;
                }
            });
            synchronized (replicas.get(1))
            {
                assertEquals(NODES * THREADS * ROUNDS, replicas.get(1).value, protocol + ": updates were lost");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = "DEFAULT", mode = EnumSource.Mode.EXCLUDE)
    void synchronizedMethodsAreClusterWideAndReentrant(final Protocol protocol) throws Exception
    {
        try (DsmCluster cluster = start(protocol))
        {
            final List<Account> replicas = new ArrayList<>();
            for (int n = 0; n < NODES; n++)
            {
                replicas.add(cluster.node(n).root("account", Account::new));
            }
            runOnEveryNode(replicas, a -> a.depositAndAudit(2));
            final Account a2 = replicas.get(2);
            synchronized (a2)
            {
                assertEquals(2L * NODES * THREADS * ROUNDS, a2.balance, protocol + ": deposits were lost");
                assertEquals((long)NODES * THREADS * ROUNDS, a2.audits, protocol + ": audits were lost");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = {"IVY_FORWARDING_MANAGER", "FULL_REPLICATION", "CENTRAL_SERVER"})
    void anExceptionInsideASynchronizedMethodReleasesTheClusterLock(final Protocol protocol) throws Exception
    {
        try (DsmCluster cluster = start(protocol))
        {
            final Account a0 = cluster.node(0).root("account", Account::new);
            final Account a1 = cluster.node(1).root("account", Account::new);
            assertThrows(IllegalStateException.class, () -> a0.failAfterWriting(5));
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final Thread other = new Thread(() ->
            {
                try
                {
                    a1.deposit(1); // would wait forever if node 0 still held the lock
                }
                catch (final Throwable t)
                {
                    failure.set(t);
                }
            });
            other.start();
            other.join(30_000);
            assertTrue(!other.isAlive(), "node 1 could not take the lock node 0's failed method held");
            assertEquals(null, failure.get());
            synchronized (a1)
            {
                assertEquals(6, a1.balance);
            }
        }
    }

    interface Work<T>
    {
        void run(T replica) throws Exception;
    }

    private static <T> void runOnEveryNode(final List<T> replicas, final Work<T> work) throws Exception
    {
        final List<Thread> threads = new ArrayList<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        for (final T replica : replicas)
        {
            for (int t = 0; t < THREADS; t++)
            {
                threads.add(new Thread(() ->
                {
                    try
                    {
                        for (int i = 0; i < ROUNDS; i++)
                        {
                            work.run(replica);
                        }
                    }
                    catch (final Throwable ex)
                    {
                        failure.compareAndSet(null, ex);
                    }
                }));
            }
        }
        threads.forEach(Thread::start);
        for (final Thread t : threads)
        {
            t.join(90_000);
            assertTrue(!t.isAlive(), "a worker did not finish within 90 s");
        }
        if (failure.get() != null)
        {
            throw new AssertionError("a worker failed", failure.get());
        }
    }

    private static DsmCluster start(final Protocol protocol)
    {
        final Properties p = new Properties();
        p.setProperty(NodeConfig.PROTOCOL, protocol.configName());
        p.setProperty(NodeConfig.FAULT_TIMEOUT_MS, "20000");
        return DsmCluster.start(NODES, p);
    }
}
