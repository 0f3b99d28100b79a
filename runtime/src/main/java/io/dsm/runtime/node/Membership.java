package io.dsm.runtime.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.dsm.api.DsmConfigException;
import io.dsm.api.DsmException;
import io.dsm.api.DsmTimeoutException;
import io.dsm.api.NotMemberException;
import io.dsm.runtime.membership.FailureDetector;
import io.dsm.runtime.membership.View;
import io.dsm.runtime.recovery.RecoveryRound;
import io.dsm.runtime.wire.MessageType;
import io.dsm.runtime.wire.codec.HeartbeatDecoder;
import org.agrona.DirectBuffer;
import io.dsm.runtime.config.NodeConfig;
import io.dsm.runtime.layout.LayoutFile;
import io.dsm.runtime.transport.Transport;
import io.dsm.runtime.wire.MembershipMessageHandler;
import io.dsm.runtime.wire.Outbox;

/**
 * The membership as this node sees it: waiting at start until every peer is reachable and has
 * said it is alive, the failure detector and the recovery round in between (every membership
 * message goes to them, and they decide which frames of dead or recovering peers are acted on), and
 * leaving at the end only once every live peer is done too, so no peer loses the blocks this node
 * owns while it still works.
 */
public final class Membership implements MembershipMessageHandler
{
    private final NodeConfig config;
    private final Transport transport;
    private final Outbox outbox;
    private final View view;
    private final FailureDetector detector;
    private final RecoveryRound recovery;
    private final Set<Integer> peersLeft = ConcurrentHashMap.newKeySet();
    private final LayoutAgreement layouts;
    private volatile boolean leaving;

    public Membership(final NodeConfig config, final Transport transport, final Outbox outbox, final View view,
        final FailureDetector detector, final RecoveryRound recovery, final LayoutFile layout)
    {
        long members = 0;
        for (final int m : config.members().keySet())
        {
            members |= 1L << m;
        }
        this.layouts = new LayoutAgreement(config.nodeId(), layout, members);
        outbox.layout(layouts.text());
        this.config = config;
        this.transport = transport;
        this.outbox = outbox;
        this.view = view;
        this.detector = detector;
        this.recovery = recovery;
    }

    @Override
    public void onLeave(final int sender)
    {
        peersLeft.add(sender);
    }

    /** Senders whose frames wait (tests: hold a message in flight at a chosen point). */
    private volatile long paused;

    /** For tests and tools: frames from {@code sender} wait, in order, until {@link #resumeFramesFrom}. */
    public void pauseFramesFrom(final int sender)
    {
        synchronized (this)
        {
            paused |= 1L << sender;
        }
    }

    public void resumeFramesFrom(final int sender)
    {
        synchronized (this)
        {
            paused &= ~(1L << sender);
        }
    }

    @Override
    public Admission admit(final int sender, final int templateId)
    {
        if ((paused & (1L << sender)) != 0)
        {
            return Admission.LATER;
        }
        if (view.isDead(sender))
        {
            // a dead node's process (or a new one with its id) only hears that it is not a member
            return templateId == HeartbeatDecoder.TEMPLATE_ID ? Admission.ACT : Admission.DROP_DEAD;
        }
        if (sender != config.nodeId())
        {
            detector.heard(sender, System.nanoTime());
        }
        return MessageType.isBlockMessage(templateId) ? recovery.admitBlockMessage(sender, templateId) : Admission.ACT;
    }

    @Override
    public void onPeerLayout(final int sender, final DirectBuffer buffer, final int offset, final int length)
    {
        layouts.onPeerLayout(sender, buffer, offset, length);
    }

    @Override
    public void onHeartbeat(final int sender, final long incarnation, final long dead)
    {
        detector.onHeartbeat(sender, incarnation, dead);
    }

    @Override
    public void onNotMember(final int sender, final long incarnation, final long dead)
    {
        detector.onNotMember(sender, incarnation, dead);
    }

    @Override
    public void onRecoveryFlush(final int sender, final long dead)
    {
        recovery.onFlush(sender, dead);
    }

    @Override
    public void onRecoveryReport(final int sender, final long dead, final boolean last, final long applied,
        final DirectBuffer buffer, final int[] at)
    {
        recovery.onReport(sender, dead, last, applied, buffer, at);
    }

    @Override
    public void onRecoveryPlan(final int sender, final long dead, final boolean last, final int sequencer, final long sequence,
        final DirectBuffer buffer, final int[] at)
    {
        recovery.onPlan(sender, dead, last, sequencer, sequence, buffer, at);
    }

    /** Waits until every peer is reachable, bounded by dsm.connect.timeout.ms. */
    public void awaitPeers()
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.connectTimeoutMs());
        while (true)
        {
            final String expelled = detector.expelled();
            if (expelled != null)
            {
                throw new NotMemberException("node " + config.nodeId() + " cannot join: " + expelled);
            }
            if (layouts.refusal() != null)
            {
                throw new DsmConfigException(layouts.refusal());
            }
            final List<Integer> missing = new ArrayList<>();
            for (final int peer : config.peers())
            {
                if (!transport.isConnected(peer))
                {
                    missing.add(peer);
                }
            }
            if (missing.isEmpty() && detector.heardFromAll() && layouts.agreedWithAll(view.liveMask()))
            {
                // survivors send no heartbeats to a dead node's id, so a refused process ends up above
                detector.arm();
                return;
            }
            if (System.nanoTime() - deadline > 0)
            {
                final List<String> where = new ArrayList<>();
                for (final int m : missing)
                {
                    where.add(config.members().get(m).toString());
                }
                if (where.isEmpty())
                {
                    // connected, but some peer never said it is alive: a running cluster that declared this id dead
                    // does not answer its heartbeats (its NotMember did not arrive), or the peer's agent is stuck
                    for (final int peer : config.peers())
                    {
                        if (!detector.heardFrom(peer))
                        {
                            where.add(config.members().get(peer) + " (connected, but it never sent a heartbeat)");
                        }
                    }
                }
                throw new DsmTimeoutException("node " + config.nodeId() + " could not reach " + where + " within " +
                    config.connectTimeoutMs() + " ms: start every node listed in dsm.nodes, or raise dsm.connect.timeout.ms");
            }
            sleepMs(5);
        }
    }

    /** Tells every peer this node is done; it keeps serving until they are done too. */
    public void leave()
    {
        if (leaving)
        {
            return;
        }
        leaving = true;
        for (final int peer : config.peers())
        {
            try
            {
                outbox.leave(peer);
            }
            catch (final DsmException ex)
            {
                peersLeft.add(peer);
            }
        }
    }

    /** Serves peers until every one has left or is unreachable, bounded by dsm.leave.timeout.ms. */
    public boolean awaitPeersLeft()
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.leaveTimeoutMs());
        while (System.nanoTime() - deadline < 0)
        {
            boolean all = true;
            for (final int peer : config.peers())
            {
                if (!peersLeft.contains(peer) && transport.isConnected(peer) && !view.isDead(peer))
                {
                    all = false;
                    break;
                }
            }
            if (all)
            {
                return true;
            }
            sleepMs(2);
        }
        return false;
    }

    private static void sleepMs(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new DsmException("interrupted");
        }
    }
}
