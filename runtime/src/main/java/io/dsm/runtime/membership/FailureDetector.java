package io.dsm.runtime.membership;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.dsm.runtime.transport.Transport;
import io.dsm.runtime.wire.Outbox;

/**
 * Declares a peer dead when nothing (no heartbeat, no message) came from it for the failure
 * timeout, and spreads what it knows: every heartbeat carries the sender's dead set, so a death one
 * survivor saw reaches the others within one heartbeat interval. A process with a dead node's id
 * (or a second process with a live node's id) is told it is not a member. Confined to the protocol
 * agent's thread, except the counters.
 */
public final class FailureDetector
{
    /** Told when the view grows (on the agent thread). */
    @FunctionalInterface
    public interface Listener
    {
        void onDeaths(long fresh, String why);
    }

    private final int self;
    private final long incarnation = ThreadLocalRandom.current().nextLong() | 1;
    private final View view;
    private final Outbox outbox;
    private final Transport transport;
    private final long intervalNs;
    private final long timeoutNs;
    private final long[] lastHeardNs = new long[64];
    private final long[] incarnations = new long[64];
    private final AtomicLong heartbeatsSent = new AtomicLong();
    private final AtomicLong declared = new AtomicLong();
    private final AtomicLong refusedProcesses = new AtomicLong();
    private Listener listener = (fresh, why) -> { };
    private volatile boolean armed;
    private long nextBeatNs;
    /** When {@link #doWork} last ran: a long gap is this node's own pause (GC, a starved thread), not its peers' silence. */
    private long lastCycleNs;
    private final AtomicLong ownPauses = new AtomicLong();
    /** When this node heard from each peer first: {@link #heardFromAll} ends the start-up wait. */
    private volatile long heardMask;
    private volatile String expelled;

    /** {@code timeoutMs} 0: heartbeats still go (a restarted process is still refused), nobody is declared dead. */
    public FailureDetector(final int self, final View view, final Outbox outbox, final Transport transport,
        final long intervalMs, final long timeoutMs)
    {
        this.self = self;
        this.view = view;
        this.outbox = outbox;
        this.transport = transport;
        this.intervalNs = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        this.timeoutNs = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    }

    public void listener(final Listener l)
    {
        listener = l;
    }

    public long incarnation()
    {
        return incarnation;
    }

    /** From now on silence counts: called once every peer was heard from. */
    public void arm()
    {
        final long now = System.nanoTime();
        for (int i = 0; i < 64; i++)
        {
            lastHeardNs[i] = now;
        }
        armed = true;
    }

    /** A frame from a live peer arrived (agent thread). */
    public void heard(final int sender, final long nowNs)
    {
        lastHeardNs[sender] = nowNs;
    }

    /** Whether every live peer has sent a heartbeat since this process started. */
    public boolean heardFromAll()
    {
        return (view.liveMask() & ~(1L << self) & ~heardMask) == 0;
    }

    /** Whether {@code peer} has sent a heartbeat since this process started. */
    public boolean heardFrom(final int peer)
    {
        return (heardMask & (1L << peer)) != 0;
    }

    /** Why the cluster refused this node, or null. */
    public String expelled()
    {
        return expelled;
    }

    /** Heartbeats when due; declares peers silent for the timeout dead. Returns the work done. */
    public int doWork(final long nowNs)
    {
        int work = 0;
        if (lastCycleNs != 0 && nowNs - lastCycleNs > 2 * intervalNs)
        {
            // this agent did not run for a while: what its peers sent meanwhile still waits unread, so
            // the silence it sees is its own; it judges only time it was there to listen
            final long gap = nowNs - lastCycleNs;
            for (int i = 0; i < 64; i++)
            {
                lastHeardNs[i] += gap;
            }
            ownPauses.incrementAndGet();
        }
        lastCycleNs = nowNs;
        if (nowNs - nextBeatNs >= 0)
        {
            nextBeatNs = nowNs + intervalNs;
            beat();
            work++;
        }
        if (armed && timeoutNs > 0)
        {
            long silent = 0;
            for (long live = view.liveMask() & ~(1L << self); live != 0; live &= live - 1)
            {
                final int peer = Long.numberOfTrailingZeros(live);
                if (nowNs - lastHeardNs[peer] > timeoutNs)
                {
                    silent |= 1L << peer;
                }
            }
            if (silent != 0)
            {
                declare(silent, "silent for more than " + TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms");
                work++;
            }
        }
        return work;
    }

    private void beat()
    {
        final long dead = view.deadMask();
        for (long live = view.liveMask() & ~(1L << self); live != 0; live &= live - 1)
        {
            outbox.heartbeat(Long.numberOfTrailingZeros(live), incarnation, dead);
            heartbeatsSent.incrementAndGet();
        }
    }

    public void onHeartbeat(final int sender, final long senderIncarnation, final long dead)
    {
        if (incarnations[sender] == 0)
        {
            incarnations[sender] = senderIncarnation;
        }
        if (incarnations[sender] != senderIncarnation || view.isDead(sender))
        {
            // a new process with the id of one that is (or must now be taken as) dead
            refusedProcesses.incrementAndGet();
            declare(1L << sender, "a new process (incarnation " + Long.toHexString(senderIncarnation) + ") uses its id");
            outbox.notMember(sender, senderIncarnation, view.deadMask());
            return;
        }
        heardMask |= 1L << sender;
        if ((dead & (1L << self)) != 0)
        {
            expel("node " + sender + " declared this node (" + self + ") dead");
            return;
        }
        if ((dead & ~view.deadMask()) != 0)
        {
            declare(dead, "node " + sender + " declared it dead");
        }
    }

    public void onNotMember(final int sender, final long refusedIncarnation, final long dead)
    {
        if (refusedIncarnation == incarnation)
        {
            expel("node " + sender + " says node " + self + " is not a member of the running cluster (its dead nodes: " +
                View.describe(dead) + ")");
        }
    }

    private void expel(final String why)
    {
        if (expelled == null)
        {
            expelled = why + ": the cluster went on without this node and will not mix it with its state; " +
                "a node cannot rejoin a running cluster yet: restart every node to form a new one";
            System.err.println("[dsm node " + self + "] " + expelled);
        }
    }

    /** Adds nodes to the dead, drops what is queued for them, spreads the news and tells the listener. */
    public void declare(final long mask, final String why)
    {
        final long fresh = view.declare(mask & ~(1L << self));
        if (fresh == 0)
        {
            return;
        }
        declared.addAndGet(Long.bitCount(fresh));
        for (long f = fresh; f != 0; f &= f - 1)
        {
            transport.declareDead(Long.numberOfTrailingZeros(f));
        }
        System.err.println("[dsm node " + self + "] declared " + View.describe(fresh) + " dead (" + why + ")");
        beat(); // the other survivors learn it now, not at the next interval
        listener.onDeaths(fresh, why);
    }

    public long heartbeatsSent()
    {
        return heartbeatsSent.get();
    }

    /** Nodes this node declared dead or learned were dead. */
    public long declaredDead()
    {
        return declared.get();
    }

    /** Times this node's own agent stalled for more than two heartbeat intervals (not counted against its peers). */
    public long ownPauses()
    {
        return ownPauses.get();
    }

    /** Processes refused because they used a dead (or another live) node's id. */
    public long refusedProcesses()
    {
        return refusedProcesses.get();
    }
}
