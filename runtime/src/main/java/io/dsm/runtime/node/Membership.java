package io.dsm.runtime.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.dsm.api.DsmException;
import io.dsm.api.DsmTimeoutException;
import io.dsm.runtime.config.NodeConfig;
import io.dsm.runtime.transport.Transport;
import io.dsm.runtime.wire.MembershipMessageHandler;
import io.dsm.runtime.wire.Outbox;

/**
 * The static membership as this node sees it: waiting at start until every peer is reachable, and
 * leaving at the end only once every peer is done too (or unreachable), so no peer loses the
 * blocks this node owns while it still works.
 */
public final class Membership implements MembershipMessageHandler
{
    private final NodeConfig config;
    private final Transport transport;
    private final Outbox outbox;
    private final Set<Integer> peersLeft = ConcurrentHashMap.newKeySet();
    private volatile boolean leaving;

    public Membership(final NodeConfig config, final Transport transport, final Outbox outbox)
    {
        this.config = config;
        this.transport = transport;
        this.outbox = outbox;
    }

    @Override
    public void onLeave(final int sender)
    {
        peersLeft.add(sender);
    }

    /** Waits until every peer is reachable, bounded by dsm.connect.timeout.ms. */
    public void awaitPeers()
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.connectTimeoutMs());
        while (true)
        {
            final List<Integer> missing = new ArrayList<>();
            for (final int peer : config.peers())
            {
                if (!transport.isConnected(peer))
                {
                    missing.add(peer);
                }
            }
            if (missing.isEmpty())
            {
                return;
            }
            if (System.nanoTime() - deadline > 0)
            {
                final List<String> where = new ArrayList<>();
                for (final int m : missing)
                {
                    where.add(config.members().get(m).toString());
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
                if (!peersLeft.contains(peer) && transport.isConnected(peer))
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
