package io.dsm.runtime.node;

import java.util.concurrent.TimeUnit;

import io.dsm.api.BlockLostException;
import io.dsm.api.DsmException;
import io.dsm.api.NotMemberException;
import io.dsm.api.DsmTimeoutException;
import io.dsm.runtime.block.AccessKind;
import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.BlockProfile;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.block.Completion;
import io.dsm.runtime.block.FaultHandler;

/**
 * Serves the faults of one node's application threads: joins the fault in flight for the block
 * or starts one through the block's protocol, and waits, bounded by the fault timeout, until the
 * access is allowed.
 */
public final class Faults implements FaultHandler
{
    private final int self;
    private final long timeoutMs;
    private final long timeoutNs;
    private final int managerNode;
    private final long grantHoldNs;
    private final long grantWindowNs;
    private volatile boolean closed;
    private volatile RecoveryGate gate = RecoveryGate.NONE;
    private volatile String expelled;

    /** Whether a recovery round runs (requests then wait for its end, which asks them again). */
    @FunctionalInterface
    public interface RecoveryGate
    {
        RecoveryGate NONE = () -> false;

        boolean isRecovering();
    }

    public void recoveryGate(final RecoveryGate gate)
    {
        this.gate = gate;
    }

    /** The cluster declared this node dead: every fault fails at once with {@code reason}. */
    public void expel(final String reason)
    {
        expelled = reason;
    }

    public Faults(final int self, final long timeoutMs, final int managerNode)
    {
        this(self, timeoutMs, managerNode, 0, 0);
    }

    /** {@code grantHoldUs}, {@code grantWindowUs}: see {@link FaultHandler#grantHoldNs()}, {@link FaultHandler#grantWindowNs()}. */
    public Faults(final int self, final long timeoutMs, final int managerNode, final long grantHoldUs, final long grantWindowUs)
    {
        this.grantHoldNs = TimeUnit.MICROSECONDS.toNanos(grantHoldUs);
        this.grantWindowNs = TimeUnit.MICROSECONDS.toNanos(grantWindowUs);
        this.self = self;
        this.timeoutMs = timeoutMs;
        this.timeoutNs = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        this.managerNode = managerNode;
    }

    @Override
    public void fault(final BlockMeta meta, final int access)
    {
        final BlockProfile profile = meta.profile;
        if (profile == null)
        {
            waitForAccess(meta, access);
            return;
        }
        final long start = System.nanoTime();
        try
        {
            waitForAccess(meta, access);
        }
        finally
        {
            profile.add(access == AccessKind.READ ? BlockProfile.READ_FAULTS : BlockProfile.WRITE_FAULTS, 1);
            profile.add(BlockProfile.BLOCKED_NS, System.nanoTime() - start);
        }
    }

    private void waitForAccess(final BlockMeta meta, final int access)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        while (true)
        {
            final int s = meta.state();
            if (BlockMeta.allows(s, access))
            {
                if (access == AccessKind.READ)
                {
                    meta.releaseHold(); // the read follows at once; a write releases once it has entered
                }
                return;
            }
            checkOpen();
            final String lost = meta.lostReason();
            if (lost != null)
            {
                throw new BlockLostException(lost, meta.id, meta.layout.type().getName(), meta.lostWith());
            }
            if (BlockState.mode(s) == BlockState.BUSY)
            {
                Thread.yield(); // the agent is changing the block in place; it is done within microseconds
                continue;
            }
            final Completion p = meta.joinOrStartFault(access);
            if (p == null)
            {
                return;
            }
            if (p.requestedBy(Thread.currentThread()) && !gate.isRecovering())
            {
                request(meta, access); // during a recovery round the round asks again when it ends
            }
            try
            {
                p.await(deadline, "node " + self + " got no answer within " + timeoutMs + " ms for " +
                    AccessKind.name(access) + " access to " + meta.describe() + " from " + route(meta) +
                    "; is every node running?");
                if (p.servedOnce())
                {
                    meta.releaseHold();
                    return; // the data was installed for this one access (central server)
                }
            }
            catch (final DsmTimeoutException ex)
            {
                meta.abandonFault(p);
                throw ex;
            }
        }
    }

    private void request(final BlockMeta meta, final int access)
    {
        try
        {
            meta.protocol.requestAccess(meta, access);
        }
        catch (final RuntimeException ex)
        {
            meta.failFault("node " + self + " could not request " + AccessKind.name(access) + " access to " +
                meta.describe() + ": " + ex.getMessage());
            throw ex;
        }
    }

    @Override
    public long grantHoldNs()
    {
        return grantHoldNs;
    }

    @Override
    public long grantWindowNs()
    {
        return grantWindowNs;
    }

    /** From now on every fault fails at once: the node is closed. */
    public void close()
    {
        closed = true;
    }

    private void checkOpen()
    {
        final String out = expelled;
        if (out != null)
        {
            throw new NotMemberException(out);
        }
        if (closed)
        {
            throw new DsmException("node " + self + " is closed");
        }
    }

    private String route(final BlockMeta meta)
    {
        try
        {
            return meta.protocol.route(meta);
        }
        catch (final RuntimeException ex)
        {
            return "manager node " + managerNode;
        }
    }
}
