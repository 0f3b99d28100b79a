package io.dsm.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import io.aeron.Aeron;
import io.dsm.api.Node;
import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.Completion;
import io.dsm.runtime.block.MonitorHandler;
import io.dsm.runtime.config.NodeConfig;
import io.dsm.runtime.layout.LayoutFile;
import io.dsm.runtime.layout.ProfileWriter;
import io.dsm.runtime.node.BlockMessageProfile;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.block.BlockTransitions;
import io.dsm.runtime.membership.FailureDetector;
import io.dsm.runtime.membership.View;
import io.dsm.runtime.node.NodeRecoverySite;
import io.dsm.runtime.recovery.RecoveryRound;
import io.dsm.runtime.metrics.ErrorLog;
import io.dsm.runtime.node.BlockTable;
import io.dsm.runtime.node.Faults;
import io.dsm.runtime.node.Membership;
import io.dsm.runtime.node.NodeContext;
import io.dsm.runtime.node.ProtocolAgent;
import io.dsm.runtime.node.Roots;
import io.dsm.runtime.protocol.ProtocolTable;
import io.dsm.runtime.protocol.ValueWrites;
import io.dsm.runtime.sync.LockService;
import io.dsm.runtime.sync.LockStats;
import io.dsm.runtime.transport.AeronTransport;
import io.dsm.runtime.transport.EmbeddedAeron;
import io.dsm.runtime.transport.LocalPeers;
import io.dsm.runtime.transport.AgentIdle;
import io.dsm.runtime.transport.Transport;
import io.dsm.runtime.wire.MessageCounters;
import io.dsm.runtime.wire.MessageDispatcher;
import io.dsm.runtime.wire.Outbox;
import io.dsm.runtime.wire.PayloadCodec;

/**
 * One member of a distributed shared memory: wires its block table, protocols, transport and
 * protocol agent thread together, and starts and stops them. Several nodes may live in one JVM
 * (each has its own replicas); usually there is one per JVM, started by the agent from its
 * configuration.
 */
public final class DsmNode implements Node, AutoCloseable
{
    /** The write mode is the JVM's: logged by the first node that starts in it. */
    private static final java.util.concurrent.atomic.AtomicBoolean WRITE_MODE_LOGGED = new java.util.concurrent.atomic.AtomicBoolean();

    private final NodeConfig config;
    private final int id;
    private final long faultTimeoutNs;
    private final EmbeddedAeron ownedAeron;
    private final Transport transport;
    private final MessageCounters counters = new MessageCounters();
    private final ErrorLog errors;
    private final Faults faults;
    private final BlockTable blocks;
    private final Roots roots;
    private final Membership membership;
    private final View view;
    private final FailureDetector detector;
    private final RecoveryRound recovery;
    private final LockService locks;
    private final ProtocolAgent agent;
    private final AgentRunner runner;
    private volatile boolean closed;
    private final long startedNs = System.nanoTime();

    private DsmNode(final NodeConfig config, final EmbeddedAeron ownedAeron, final Transport transport,
        final ClassLoader loader, final ErrorLog errors, final LocalPeers localPeers)
    {
        this.config = config;
        this.id = config.nodeId();
        if (WRITE_MODE_LOGGED.compareAndSet(false, true))
        {
            System.err.println("[dsm node " + id + "] writes: " + io.dsm.runtime.block.WriteMode.describe());
        }
        this.faultTimeoutNs = TimeUnit.MILLISECONDS.toNanos(config.faultTimeoutMs());
        this.ownedAeron = ownedAeron;
        this.transport = transport;
        this.errors = errors;
        long members = 0;
        for (final int m : config.members().keySet())
        {
            members |= 1L << m;
        }
        this.view = new View(members);
        final ManyToOneConcurrentArrayQueue<byte[]> localQueue = new ManyToOneConcurrentArrayQueue<>(4096);
        this.faults = new Faults(id, config.faultTimeoutMs(), config.managerNode(), config.grantHoldUs(),
            config.grantWindowUs());
        this.blocks = new BlockTable(id, faults, loader);
        final PayloadCodec codec = new PayloadCodec(blocks);
        final Outbox outbox = new Outbox(id, transport, localQueue, counters, codec);
        final BlockMessageProfile messageProfile = config.profile() ? new BlockMessageProfile(blocks) : null;
        if (messageProfile != null)
        {
            blocks.profileBlocks();
            outbox.profile(messageProfile);
        }
        final ProtocolTable protocols = new ProtocolTable(new NodeContext(config, blocks, codec,
            new ValueWrites(id, config.faultTimeoutMs(), config.managerNode()), outbox, view));
        this.locks = new LockService(id, config.managerNode(), config.members().keySet().stream().mapToInt(i -> i).toArray(),
            outbox, protocols.fence(), errors, config.lockWarnMs(), config.faultTimeoutMs(), view);
        blocks.servedBy(protocols, locks);
        this.roots = new Roots(config, blocks, outbox, view);
        this.detector = new FailureDetector(id, view, outbox, transport, config.heartbeatIntervalMs(), config.failureTimeoutMs());
        this.recovery = new RecoveryRound(id, view, outbox, new NodeRecoverySite(blocks, protocols, roots, locks),
            transport.maxMessageLength(), detector::declare);
        detector.listener((fresh, why) -> recovery.begin());
        faults.recoveryGate(recovery::isRecovering);
        this.membership = new Membership(config, transport, outbox, view, detector, recovery,
            LayoutFile.forNode(config.layoutFile()));
        final MessageDispatcher dispatcher = new MessageDispatcher(
            id, members, protocols.handlers(), roots, membership, locks, blocks, codec, counters, errors);
        dispatcher.profile(messageProfile);
        // with failure detection on, an idle agent must wake in time to send its heartbeats
        final long maxParkUs = config.failureTimeoutMs() > 0 ?
            Math.min(config.idleMaxParkUs(), TimeUnit.MILLISECONDS.toMicros(config.heartbeatIntervalMs())) : config.idleMaxParkUs();
        final AgentIdle idle = AgentIdle.forName(config.idleStrategy(), config.idleHotUs(), maxParkUs,
            ownedAeron != null ? ownedAeron.sockets() : null);
        outbox.agentIdle(idle);
        if (localPeers != null)
        {
            localPeers.register(id, idle);
        }
        this.agent = new ProtocolAgent(
            id, ownedAeron != null && ownedAeron.isInvoked() ? ownedAeron : null, transport, dispatcher, protocols, localQueue,
            detector, recovery, this::expelled);
        this.runner = new AgentRunner(idle.strategy(), errors::record, null, agent);
        AgentRunner.startOnThread(runner, r ->
        {
            final Thread t = new Thread(r, "dsm-node-" + id);
            t.setDaemon(true);
            idle.agentThread(t);
            transport.agentThread(t);
            return t;
        });
    }

    /** Starts a node in its own process: embedded media driver, UDP to its peers; waits until all peers are reachable. */
    public static DsmNode start(final NodeConfig config)
    {
        final ErrorLog errors = new ErrorLog("[dsm node " + config.nodeId() + "]");
        // the node's agent runs the driver's duty cycle: one thread from socket to protocol
        final EmbeddedAeron aeron = EmbeddedAeron.launchInvoked(
            config.aeronDir(), config.termLength(), t -> errors.record("in aeron", t));
        DsmNode node = null;
        try
        {
            final Map<Integer, String> endpoints = new TreeMap<>();
            config.members().forEach((k, v) -> endpoints.put(k, v.endpoint()));
            final Transport transport = AeronTransport.udp(
                aeron.aeron(), config.nodeId(), endpoints, config.termLength(), config.faultTimeoutMs());
            node = new DsmNode(config, aeron, transport, contextLoader(), errors, null);
            node.awaitPeers();
            return node;
        }
        catch (final RuntimeException ex)
        {
            if (node != null)
            {
                node.shutdown();
            }
            else
            {
                aeron.close();
            }
            throw ex;
        }
    }

    /** A node of an in-process cluster over Aeron IPC on a shared client; the caller awaits peers. */
    static DsmNode startInProcess(final NodeConfig config, final Aeron aeron, final LocalPeers localPeers)
    {
        final Transport transport = AeronTransport.ipc(
            aeron, config.nodeId(), config.members().keySet(), config.termLength(), config.faultTimeoutMs(), localPeers);
        return new DsmNode(config, null, transport, contextLoader(), new ErrorLog("[dsm node " + config.nodeId() + "]"),
            localPeers);
    }

    private static ClassLoader contextLoader()
    {
        final ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : ClassLoader.getSystemClassLoader();
    }

    @Override
    public int id()
    {
        return id;
    }

    public NodeConfig config()
    {
        return config;
    }

    /** Messages sent, received and dropped by this node, per type. */
    public MessageCounters counters()
    {
        return counters;
    }

    /** Errors this node survived (malformed payloads, handler failures, Aeron errors). */
    public long errorCount()
    {
        return errors.count();
    }

    /** What this node's cluster monitors did: cached and queued acquires, hand-offs, waits. */
    public LockStats lockStats()
    {
        return locks.stats();
    }

    /** The node's cluster monitors (installed for class-level locks when this is the JVM's node). */
    MonitorHandler monitors()
    {
        return locks;
    }

    /** Number of blocks this node has touched (created, cached or served). */
    public int blockCount()
    {
        return blocks.size();
    }

    /** Feeds a raw frame into the receive path as if it had arrived from the network (for tests and tools). */
    public void injectFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        final Completion done = new Completion();
        agent.inject(copy, done);
        done.await(System.nanoTime() + faultTimeoutNs, "node " + id + " did not process an injected frame");
    }

    /**
     * The named root: the object bound to {@code name} in the cluster, or, if there is none yet,
     * the one {@code supplier} creates, unless another node binds the name first (first wins).
     */
    @Override
    public <T> T root(final String name, final Supplier<T> supplier)
    {
        return roots.root(name, supplier);
    }

    /** Binds {@code value} to {@code name} unless the name is bound already; returns the winner. */
    @Override
    public Object bindRoot(final String name, final Object value)
    {
        return roots.bindRoot(name, value);
    }

    @Override
    public Set<Integer> deadNodes()
    {
        return view.deadNodes();
    }

    /**
     * The cluster declared this node dead (on the agent thread): every copy here is invalidated, so
     * no thread goes on reading data the survivors no longer keep coherent, and every access fails
     * with the reason.
     */
    private void expelled()
    {
        faults.expel(detector.expelled());
        for (final BlockMeta meta : blocks.all())
        {
            BlockTransitions.revoke(meta, BlockState.INVALID);
            meta.retryFault();
        }
    }

    /** Failure detection and recovery on this node: deaths declared, rounds, blocks taken over and lost. */
    public String recoveryStats()
    {
        return "dead=" + view.deadNodes() + " declared=" + detector.declaredDead() + " rounds=" + recovery.rounds() +
            " ownedAnew=" + recovery.recoveredBlocks() + " lost=" + recovery.lostBlocks() + " lastRoundMs=" +
            recovery.lastRoundNs() / 1_000_000.0 + " heartbeatsSent=" + detector.heartbeatsSent() + " refusedProcesses=" +
            detector.refusedProcesses() + " ownPauses=" + detector.ownPauses();
    }

    /** Blocks this node knew that were lost with a dead node, described (the first 1000). */
    public java.util.List<String> lostBlocks()
    {
        return recovery.lostBlockList();
    }

    /** Blocks this node took over as owner because their owner died. */
    public long blocksOwnedAnew()
    {
        return recovery.recoveredBlocks();
    }

    /** Whether a recovery round runs on this node now. */
    public boolean isRecovering()
    {
        return recovery.isRecovering();
    }

    /** For tests and tools: frames from {@code sender} wait, in order, until {@link #resumeFramesFrom}. */
    public void pauseFramesFrom(final int sender)
    {
        membership.pauseFramesFrom(sender);
    }

    public void resumeFramesFrom(final int sender)
    {
        membership.resumeFramesFrom(sender);
    }

    /** Completed recovery rounds. */
    public long recoveryRounds()
    {
        return recovery.rounds();
    }

    /** Makes an object shared on this node (it gets a global id and this node owns it). */
    BlockMeta publish(final Object o)
    {
        return blocks.publish(o);
    }

    /** Waits until every peer is reachable, bounded by dsm.connect.timeout.ms. */
    void awaitPeers()
    {
        membership.awaitPeers();
    }

    /** Tells every peer this node is done; it keeps serving until they are done too. */
    void leave()
    {
        membership.leave();
    }

    /** Serves peers until every one has left or is unreachable, bounded by dsm.leave.timeout.ms. */
    boolean awaitPeersLeft()
    {
        return membership.awaitPeersLeft();
    }

    /** Leaves the cluster: waits (bounded) until every peer is done, then stops serving and releases Aeron. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        writeProfile();
        leave();
        if (!awaitPeersLeft())
        {
            System.err.println("[dsm node " + id + "] stopping although not every peer has left within " +
                config.leaveTimeoutMs() + " ms; blocks this node owns are lost to them");
        }
        shutdown();
    }

    /** With dsm.profile=true: the node's profile, written when the application is done with the node. */
    private void writeProfile()
    {
        if (!config.profile())
        {
            return;
        }
        try
        {
            final Path file = ProfileWriter.write(Path.of(config.profileDir()), id, config.members().size(),
                config.protocol().configName(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNs), blocks.all());
            System.err.println("[dsm node " + id + "] profile written to " + file.toAbsolutePath() +
                "; turn profiles into a layout and a report with bin/dsm-layout");
        }
        catch (final IOException | RuntimeException ex)
        {
            System.err.println("[dsm node " + id + "] could not write its profile to " + config.profileDir() + ": " + ex);
        }
    }

    /** Stops at once, as if the process had died: no leave, no more answers; local waiters fail. */
    void shutdown()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        faults.close();
        locks.close();
        CloseHelper.quietClose(runner);
        CloseHelper.quietClose(transport);
        if (ownedAeron != null)
        {
            CloseHelper.quietClose(ownedAeron);
        }
        roots.close();
        for (final BlockMeta meta : blocks.all())
        {
            meta.failFault("node " + id + " is closed");
        }
    }

    public boolean isClosed()
    {
        return closed;
    }

    @Override
    public String toString()
    {
        return "DsmNode{" + id + ", blocks=" + blocks.size() + ", " + counters + "}";
    }
}
