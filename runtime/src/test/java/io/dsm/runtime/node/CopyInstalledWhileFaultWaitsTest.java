package io.dsm.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.dsm.api.Shared;
import io.dsm.runtime.block.AccessKind;
import io.dsm.runtime.block.BlockIds;
import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.BlockProtocol;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.block.ClassLayout;

/**
 * A faulting thread checks the block's state, then takes the block's lock to join the fault in
 * flight or start one. A copy installed in between has completed and cleared the fault it would
 * have joined; asking again would wait for a grant no protocol sends for a block it holds
 * (full-replication hung so). {@link BlockMeta#joinOrStartFault} checks again under the lock.
 * Here the test holds the lock while the reader is past its first check, installs the copy's
 * mode, and lets go. The unit twin of the instrument test io.dsm.it.CopyInstalledWhileFaultWaitsTest.
 */
final class CopyInstalledWhileFaultWaitsTest
{
    private static final long FAULT_TIMEOUT_MS = 1_000; // the hang, if any, ends as a timeout
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(10);

    /** A shared class as the agent leaves it, synthetic fields declared by hand. */
    @Shared
    static final class Cell
    {
        public transient int $dsm$state;
        public transient Object $dsm$meta;
        public int value;
    }

    /** Counts the requests; grants the access at once if asked to, as a protocol's answer would. */
    private static final class CountingProtocol implements BlockProtocol
    {
        final AtomicInteger requests = new AtomicInteger();
        final boolean grantAtOnce;

        CountingProtocol(final boolean grantAtOnce)
        {
            this.grantAtOnce = grantAtOnce;
        }

        @Override
        public void requestAccess(final BlockMeta meta, final int access)
        {
            requests.incrementAndGet();
            if (grantAtOnce)
            {
                meta.layout.setStateRelease(meta.replica, BlockState.READ);
                meta.completeFault();
            }
        }

        @Override
        public String route(final BlockMeta meta)
        {
            return "the counting protocol";
        }
    }

    private final Faults faults = new Faults(1, FAULT_TIMEOUT_MS, 0);
    private final Cell cell = new Cell();

    @Test
    void aFaultThatFindsTheCopyUnderTheLockDoesNotAskAgain() throws InterruptedException
    {
        final CountingProtocol protocol = new CountingProtocol(false);
        final BlockMeta meta = replicaWithoutCopy(protocol);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread reader = new Thread(() ->
        {
            try
            {
                faults.fault(meta, AccessKind.READ);
            }
            catch (final Throwable t)
            {
                failure.set(t);
            }
        }, "reader");
        synchronized (meta)
        {
            reader.start();
            awaitBlockedOn(reader, meta); // past its own check of the state, before the lock
            meta.layout.setStateRelease(cell, BlockState.READ); // the copy arrives; no fault was pending
        }
        reader.join(TimeUnit.NANOSECONDS.toMillis(WAIT_NS));
        assertFalse(reader.isAlive(), "the reader is still waiting");
        assertEquals(0, protocol.requests.get(), "the reader asked for a copy it already had");
        assertNull(failure.get(), "the read failed");
    }

    @Test
    void aFaultWithNoCopyAsksOnce()
    {
        // the counterpart: the counter sees the request a fault without a copy makes
        final CountingProtocol protocol = new CountingProtocol(true);
        final BlockMeta meta = replicaWithoutCopy(protocol);
        faults.fault(meta, AccessKind.READ);
        assertEquals(1, protocol.requests.get());
        assertEquals(BlockState.READ, BlockState.mode(meta.state()));
    }

    /** A replica as node.BlockTable creates it for a peer's object: INVALID, meta attached. */
    private BlockMeta replicaWithoutCopy(final BlockProtocol protocol)
    {
        final ClassLayout layout = ClassLayout.of(Cell.class);
        final BlockMeta meta = new BlockMeta(BlockIds.make(0, 1), 1, faults, cell, layout, protocol, null);
        layout.setStateRelease(cell, BlockState.INVALID);
        layout.casMeta(cell, meta);
        return meta;
    }

    /** Waits, bounded, until {@code thread} is blocked entering {@code monitor}. */
    private static void awaitBlockedOn(final Thread thread, final Object monitor)
    {
        final long deadline = System.nanoTime() + WAIT_NS;
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
            Thread.yield();
        }
        fail(thread.getName() + " never blocked on the block's lock");
    }
}
