package io.dsm.it;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.dsm.api.Protocol;
import io.dsm.it.model.Counter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;
import io.dsm.runtime.DsmCluster;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.config.NodeConfig;

/**
 * A faulting thread checks the block's state, then takes the block's lock to join the fault in
 * flight or start one. If the copy arrives in between, the fault it would have joined is already
 * complete and gone; the thread must see the copy under the lock and go on, not ask again. Asking
 * again hung full-replication: its grant handler ignores a grant for a block it already holds, so
 * nothing completed the second fault (the jcstress Local tests timed out after 10 s, in the forks
 * with biased locking, whose revocation pauses widen the window).
 *
 * <p>The test holds the lock, starts a reader while the replica has no copy, waits until the
 * reader is blocked on the lock (past its state check), installs the copy's mode as the agent
 * does, and lets go.
 */
@Timeout(120)
class CopyInstalledWhileFaultWaitsTest
{
    private static final long WAIT_MS = 20_000;

    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = {"DEFAULT", "CENTRAL_SERVER"}, mode = EnumSource.Mode.EXCLUDE)
    void aFaultThatFindsTheCopyUnderTheLockDoesNotAskAgain(final Protocol protocol) throws Exception
    {
        final Properties p = new Properties();
        p.setProperty(NodeConfig.PROTOCOL, protocol.configName());
        p.setProperty(NodeConfig.FAULT_TIMEOUT_MS, "3000"); // the hang shows as a timeout in 3 s
        try (DsmCluster cluster = DsmCluster.start(2, p))
        {
            final Counter c0 = cluster.node(0).root("c", Counter::new);
            c0.value = 7;
            final Counter c1 = cluster.node(1).root("c", Counter::new);
            assertEquals(7, c1.value, "node 1 fetched its copy");
            final int copyMode = Replicas.mode(c1);
            final long requests = cluster.node(1).counters().sent("AccessRequest");

            Replicas.setMode(c1, BlockState.INVALID); // as before the copy came
            final Object meta = Replicas.meta(c1);
            final AtomicReference<Object> read = new AtomicReference<>();
            final Thread reader = new Thread(() ->
            {
                try
                {
                    read.set(c1.value);
                }
                catch (final RuntimeException ex)
                {
                    read.set(ex);
                }
            }, "reader on node 1");
            synchronized (meta)
            {
                reader.start();
                awaitBlockedOn(reader, meta);
                Replicas.setMode(c1, copyMode); // the copy arrives; no fault was pending, so none completes
            }
            reader.join(WAIT_MS);
            assertFalse(reader.isAlive(), "the reader is still waiting");
            assertEquals(7, read.get(), "the reader reads the copy");
            assertEquals(requests, cluster.node(1).counters().sent("AccessRequest"),
                "the reader asked for a copy it already had");
        }
    }

    private static void awaitBlockedOn(final Thread thread, final Object monitor) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (System.nanoTime() < deadline)
        {
            final ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(thread.getId());
            final LockInfo lock = info == null ? null : info.getLockInfo();
            if (info != null && info.getThreadState() == Thread.State.BLOCKED && lock != null &&
                lock.getIdentityHashCode() == System.identityHashCode(monitor))
            {
                return;
            }
            if (!thread.isAlive())
            {
                fail(thread.getName() + " ended without waiting for the block's lock");
            }
            Thread.sleep(1);
        }
        fail(thread.getName() + " never blocked on the block's lock");
    }
}
