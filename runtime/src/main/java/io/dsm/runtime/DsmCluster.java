package io.dsm.runtime;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import io.dsm.runtime.config.ConfigKey;
import io.dsm.runtime.config.NodeConfig;
import io.dsm.runtime.metrics.ErrorLog;
import io.dsm.runtime.transport.EmbeddedAeron;
import io.dsm.runtime.transport.LocalPeers;

/**
 * N nodes in one JVM, talking over Aeron IPC through one embedded media driver: for tests,
 * jcstress and simulations. Each node has its own replicas of the shared objects.
 *
 * <pre>{@code
 * try (DsmCluster cluster = DsmCluster.start(3)) {
 *     Counter c0 = cluster.node(0).root("counter", Counter::new);
 *     Counter c1 = cluster.node(1).root("counter", Counter::new); // node 1's replica of the same object
 * }
 * }</pre>
 */
public final class DsmCluster implements AutoCloseable
{
    private static final AtomicInteger CLUSTERS = new AtomicInteger();

    private final EmbeddedAeron aeron;
    private final List<DsmNode> nodes;
    private final LocalPeers localPeers;
    /** Nodes started again with a dead node's id (refused, but shut down with the cluster if not). */
    private final List<DsmNode> restarted = new ArrayList<>();

    private DsmCluster(final EmbeddedAeron aeron, final List<DsmNode> nodes, final LocalPeers localPeers)
    {
        this.localPeers = localPeers;
        this.aeron = aeron;
        this.nodes = nodes;
    }

    public static DsmCluster start(final int size)
    {
        return start(size, new Properties());
    }

    /**
     * Starts {@code size} nodes; {@code overrides} may set any {@link NodeConfig} key except the
     * membership and node id (for example dsm.fault.timeout.ms).
     */
    public static DsmCluster start(final int size, final Properties overrides)
    {
        if (size < 1 || size > 64)
        {
            throw new IllegalArgumentException("a cluster has 1 to 64 nodes, not " + size);
        }
        final String dir = "/dev/shm/dsm-cluster-" + ManagementFactory.getRuntimeMXBean().getPid() + "-" +
            CLUSTERS.incrementAndGet();
        final StringBuilder members = new StringBuilder();
        for (int i = 0; i < size; i++)
        {
            members.append(i == 0 ? "" : ",").append(i).append("@localhost:").append(1 + i);
        }
        final Properties base = new Properties();
        base.putAll(overrides);
        base.setProperty(NodeConfig.NODES, members.toString());
        final int termLength = Integer.parseInt(base.getProperty(NodeConfig.TERM_LENGTH, ConfigKey.TERM_LENGTH.defaultValue()));
        final String idle = base.getProperty(NodeConfig.IDLE_STRATEGY, ConfigKey.IDLE_STRATEGY.defaultValue());
        final ErrorLog aeronErrors = new ErrorLog("[dsm cluster]");
        // IPC frames go from one node's log buffer to the other's without the driver; its thread only
        // keeps house (connections, publication limits), so under adaptive it sleeps instead of
        // yielding: its timers would keep an adaptive strategy hot all the time
        final EmbeddedAeron aeron = EmbeddedAeron.launch(
            dir, termLength, "adaptive".equals(idle) ? "sleeping" : idle, t -> aeronErrors.record("in aeron", t));
        final List<DsmNode> nodes = new ArrayList<>();
        final LocalPeers localPeers = new LocalPeers();
        try
        {
            for (int i = 0; i < size; i++)
            {
                final Properties p = new Properties();
                p.putAll(base);
                p.setProperty(NodeConfig.NODE_ID, String.valueOf(i));
                nodes.add(DsmNode.startInProcess(NodeConfig.of(p), aeron.aeron(), localPeers));
            }
            for (final DsmNode n : nodes)
            {
                n.awaitPeers();
            }
            return new DsmCluster(aeron, Collections.unmodifiableList(nodes), localPeers);
        }
        catch (final RuntimeException ex)
        {
            nodes.forEach(DsmNode::shutdown);
            aeron.close();
            throw ex;
        }
    }

    public DsmNode node(final int id)
    {
        return nodes.get(id);
    }

    public List<DsmNode> nodes()
    {
        return nodes;
    }

    public int size()
    {
        return nodes.size();
    }

    /**
     * Starts a new node with the id of a node that was killed, as a restarted process would: the
     * running cluster has declared that id dead, so the start fails with
     * {@link io.dsm.api.NotMemberException} (a node cannot rejoin a running cluster).
     */
    public DsmNode startAgain(final int id)
    {
        final DsmNode old = nodes.get(id);
        if (!old.isClosed())
        {
            throw new IllegalStateException("node " + id + " is running: kill it first");
        }
        final DsmNode fresh = DsmNode.startInProcess(old.config(), aeron.aeron(), localPeers);
        synchronized (restarted)
        {
            restarted.add(fresh);
        }
        try
        {
            fresh.awaitPeers();
            return fresh;
        }
        catch (final RuntimeException ex)
        {
            fresh.shutdown();
            throw ex;
        }
    }

    /** The Aeron directory of the cluster's media driver (to attach a client of one's own, e.g. in tests). */
    public String aeronDirectory()
    {
        return aeron.directory();
    }

    /**
     * Stops a node abruptly, as if its process had died: it neither leaves nor answers any more.
     * Its peers see timeouts for whatever it owned.
     */
    public void kill(final int id)
    {
        nodes.get(id).shutdown();
    }

    /** Stops every node and the media driver, and deletes the Aeron directory. */
    @Override
    public void close()
    {
        synchronized (restarted)
        {
            restarted.forEach(DsmNode::shutdown);
        }
        for (final DsmNode n : nodes)
        {
            if (!n.isClosed())
            {
                n.leave();
            }
        }
        for (final DsmNode n : nodes)
        {
            if (!n.isClosed())
            {
                n.awaitPeersLeft();
            }
        }
        for (final DsmNode n : nodes)
        {
            n.shutdown();
        }
        aeron.close();
    }
}
