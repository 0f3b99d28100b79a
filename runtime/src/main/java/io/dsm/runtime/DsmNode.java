package io.dsm.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

import io.aeron.Aeron;
import io.dsm.api.DsmException;
import io.dsm.api.DsmTimeoutException;
import io.dsm.api.NotShareableException;
import io.dsm.api.Protocol;
import io.dsm.runtime.transport.AeronTransport;
import io.dsm.runtime.transport.EmbeddedAeron;
import io.dsm.runtime.transport.IdleStrategies;
import io.dsm.runtime.transport.Transport;

/**
 * One member of a distributed shared memory: its table of blocks, its protocol, its transport
 * and the protocol agent thread that serves peers. Several nodes may live in one JVM (each has
 * its own replicas); usually there is one per JVM, started by the agent from its configuration.
 */
public final class DsmNode implements AutoCloseable, MessageListener
{
    private static final int FRAGMENT_LIMIT = 16;

    private final NodeConfig config;
    private final int id;
    private final long faultTimeoutNs;
    private final EmbeddedAeron ownedAeron;
    private final Transport transport;
    private final MessageCounters counters = new MessageCounters();
    private final ErrorLog errors;
    private final ManyToOneConcurrentArrayQueue<byte[]> localQueue = new ManyToOneConcurrentArrayQueue<>(4096);
    private final Outbox outbox;
    private final MessageDispatcher dispatcher;
    private final CoherenceProtocol[] protocols = new CoherenceProtocol[Protocol.values().length];
    private final CoherenceProtocol defaultProtocol;
    private final ConcurrentHashMap<Long, BlockMeta> blocks = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final ClassLoader loader;
    private final ConcurrentHashMap<String, Class<?>> classes = new ConcurrentHashMap<>();

    private final Map<String, long[]> rootIds = new TreeMap<>();
    private final Map<String, String> rootClasses = new TreeMap<>();
    private final ConcurrentHashMap<Long, PendingFault> pendingRoots = new ConcurrentHashMap<>();
    private final AtomicLong rootRequests = new AtomicLong();
    private final ConcurrentHashMap<String, Object> rootCache = new ConcurrentHashMap<>();

    private final Set<Integer> peersLeft = ConcurrentHashMap.newKeySet();
    private final AgentRunner runner;
    private volatile boolean leaving;
    private volatile boolean closed;

    private DsmNode(final NodeConfig config, final EmbeddedAeron ownedAeron, final Transport transport, final ClassLoader loader)
    {
        this.config = config;
        this.id = config.nodeId();
        this.faultTimeoutNs = TimeUnit.MILLISECONDS.toNanos(config.faultTimeoutMs());
        this.ownedAeron = ownedAeron;
        this.transport = transport;
        this.loader = loader;
        this.errors = new ErrorLog("[dsm node " + id + "]");
        this.initializer = new ClassInitializer(id);
        long members = 0;
        for (final int m : config.members().keySet())
        {
            members |= 1L << m;
        }
        this.outbox = new Outbox(id, transport, localQueue, counters);
        this.dispatcher = new MessageDispatcher(id, members, this, counters, errors);
        for (final Protocol kind : Protocol.values())
        {
            if (kind != Protocol.DEFAULT)
            {
                protocols[kind.ordinal()] = Protocols.create(kind, this, outbox, config);
            }
        }
        this.defaultProtocol = protocols[config.protocol().ordinal()];
        this.runner = new AgentRunner(
            IdleStrategies.forName(config.idleStrategy()), errors::record, null, new ProtocolAgent());
        AgentRunner.startOnThread(runner, r ->
        {
            final Thread t = new Thread(r, "dsm-node-" + id);
            t.setDaemon(true);
            outbox.agentThread(t);
            return t;
        });
    }

    /** Starts a node in its own process: embedded media driver, UDP to its peers; waits until all peers are reachable. */
    public static DsmNode start(final NodeConfig config)
    {
        final EmbeddedAeron aeron = EmbeddedAeron.launch(
            config.aeronDir(), config.termLength(), config.idleStrategy(),
            t -> System.err.println("[dsm node " + config.nodeId() + "] aeron: " + t));
        DsmNode node = null;
        try
        {
            final Map<Integer, String> endpoints = new TreeMap<>();
            config.members().forEach((k, v) -> endpoints.put(k, v.endpoint()));
            final Transport transport = AeronTransport.udp(
                aeron.aeron(), config.nodeId(), endpoints, config.termLength(), config.faultTimeoutMs());
            node = new DsmNode(config, aeron, transport, contextLoader());
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
    static DsmNode startInProcess(final NodeConfig config, final Aeron aeron)
    {
        final Transport transport = AeronTransport.ipc(
            aeron, config.nodeId(), config.members().keySet(), config.termLength(), config.faultTimeoutMs());
        return new DsmNode(config, null, transport, contextLoader());
    }

    private static ClassLoader contextLoader()
    {
        final ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : ClassLoader.getSystemClassLoader();
    }

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

    /** Outstanding value-carrying writes of this node, by request id (central server, full replication). */
    final ConcurrentHashMap<Long, PendingFault> pendingWrites = new ConcurrentHashMap<>();
    final AtomicLong writeRequests = new AtomicLong();

    /** Application threads wait for a value-carrying write to be applied. */
    void awaitWrite(final BlockMeta meta, final long requestId, final PendingFault p)
    {
        try
        {
            p.await(System.nanoTime() + faultTimeoutNs, "node " + id + " got no acknowledgement within " +
                config.faultTimeoutMs() + " ms for a write to " + meta.describe() + " from " + safeRoute(meta) +
                "; is every node running?");
        }
        finally
        {
            pendingWrites.remove(requestId);
        }
    }

    long faultTimeoutMs()
    {
        return config.faultTimeoutMs();
    }

    Outbox outbox()
    {
        return outbox;
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
        final PendingFault done = new PendingFault();
        localInjections.offer(new Object[] {copy, done});
        done.await(System.nanoTime() + faultTimeoutNs, "node " + id + " did not process an injected frame");
    }

    private final ManyToOneConcurrentArrayQueue<Object[]> localInjections = new ManyToOneConcurrentArrayQueue<>(64);
    private final ClassInitializer initializer;

    /**
     * The named root: the object bound to {@code name} in the cluster, or, if there is none yet,
     * the one {@code supplier} creates, unless another node binds the name first (first wins).
     */
    @SuppressWarnings("unchecked")
    public <T> T root(final String name, final Supplier<T> supplier)
    {
        final Object cached = rootCache.get(name);
        if (cached != null)
        {
            return (T)cached;
        }
        final PendingFault lookup = rootRequest(name, 0, "");
        Object result = lookup.resultId() != 0 ? replica(lookup.resultId(), lookup.resultClass()) : null;
        if (result == null)
        {
            final T candidate = supplier.get();
            if (candidate == null)
            {
                throw new NullPointerException("root supplier for '" + name + "' returned null");
            }
            result = bind(name, candidate);
        }
        final Object previous = rootCache.putIfAbsent(name, result);
        return (T)(previous != null ? previous : result);
    }

    /** Binds {@code value} to {@code name} unless the name is bound already; returns the winner. */
    public Object bindRoot(final String name, final Object value)
    {
        final Object cached = rootCache.get(name);
        if (cached != null)
        {
            return cached;
        }
        final Object result = bind(name, value);
        final Object previous = rootCache.putIfAbsent(name, result);
        return previous != null ? previous : result;
    }

    private Object bind(final String name, final Object value)
    {
        final BlockMeta meta = publish(value);
        final PendingFault bound = rootRequest(name, meta.id, value.getClass().getName());
        return replica(bound.resultId(), bound.resultClass());
    }

    private PendingFault rootRequest(final String name, final long objectId, final String className)
    {
        checkOpen();
        final long requestId = rootRequests.incrementAndGet();
        final PendingFault p = new PendingFault();
        pendingRoots.put(requestId, p);
        try
        {
            outbox.rootBind(config.managerNode(), requestId, objectId, name, className);
            p.await(System.nanoTime() + faultTimeoutNs, "node " + id + " got no answer from manager node " +
                config.managerNode() + " for root '" + name + "' within " + config.faultTimeoutMs() + " ms");
        }
        finally
        {
            pendingRoots.remove(requestId);
        }
        return p;
    }

    /**
     * Makes an object shared on this node (it gets a global id and this node owns it). Objects
     * already shared on this node are returned as they are.
     */
    BlockMeta publish(final Object o)
    {
        final ClassLayout layout = ClassLayout.of(o.getClass());
        if (!layout.shared())
        {
            throw Access.notShareable(o.getClass());
        }
        BlockMeta meta = layout.meta(o);
        if (meta == null)
        {
            final BlockMeta fresh = new BlockMeta(BlockIds.make(id, sequence.incrementAndGet()), this, o, layout);
            fresh.owner = true;
            if (layout.casMeta(o, fresh))
            {
                blocks.put(fresh.id, fresh);
                fresh.protocol.onPublish(fresh);
                return fresh;
            }
            meta = layout.meta(o);
        }
        if (meta.node != this)
        {
            throw new DsmException("object of " + o.getClass().getName() + " belongs to node " + meta.node.id +
                " and cannot be used through node " + id + "; every node has its own replicas, ask node " + id +
                " for its replica of the object instead");
        }
        return meta;
    }

    /** This node's replica of a shared object, created INVALID (to be filled on first access) if new here. */
    Object replica(final long objectId, final String className)
    {
        return replicaMeta(objectId, className).replica;
    }

    BlockMeta replicaMeta(final long objectId, final String className)
    {
        final BlockMeta known = blocks.get(objectId);
        if (known != null)
        {
            return known;
        }
        final Class<?> type = classFor(className);
        final ClassLayout layout = ClassLayout.of(type);
        if (!layout.shared())
        {
            throw new DsmException("a peer sent an object of " + className + " as shared, but that class is not shared on node " +
                id + ": start every JVM with the same -javaagent and the same dsm.shared.classes");
        }
        // Allocated outside the map's lock: allocation may initialise the class, whose static
        // initialiser may wait for the DSM; a racing creator's replica is dropped unused.
        final Object o;
        try
        {
            o = BlockState.UNSAFE.allocateInstance(type);
        }
        catch (final InstantiationException ex)
        {
            throw new DsmException("cannot create a replica of " + className + ": " + ex);
        }
        final BlockMeta meta = new BlockMeta(objectId, this, o, layout);
        layout.setStateRelease(o, BlockState.INVALID);
        layout.casMeta(o, meta);
        final BlockMeta raced = blocks.putIfAbsent(objectId, meta);
        return raced != null ? raced : meta;
    }

    /**
     * On the protocol thread: returns if {@code type} is initialised here, else starts its
     * initialisation elsewhere and throws {@link ClassNotReadyException} (see {@link ClassInitializer}).
     */
    void requireInitialized(final Class<?> type)
    {
        initializer.require(type);
    }

    /** The protocol instance that serves blocks of this layout on this node. */
    CoherenceProtocol protocolFor(final ClassLayout layout)
    {
        final Protocol declared = layout.protocol();
        return declared == Protocol.DEFAULT ? defaultProtocol : protocols[declared.ordinal()];
    }

    BlockMeta block(final long blockId)
    {
        return blocks.get(blockId);
    }

    Class<?> classFor(final String className)
    {
        final Class<?> known = classes.get(className);
        if (known != null)
        {
            return known;
        }
        try
        {
            final Class<?> c = Class.forName(className, false, loader);
            classes.put(className, c);
            return c;
        }
        catch (final ClassNotFoundException ex)
        {
            throw new DsmException("class " + className + " received from a peer is not on node " + id +
                "'s class path: run the same application on every node");
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Object enumConstant(final String className, final String name)
    {
        final Class<?> c = classFor(className);
        if (!c.isEnum())
        {
            throw new IllegalArgumentException(className + " is not an enum");
        }
        return Enum.valueOf((Class)c, name);
    }

    /** Called by an application thread whose access to the block faulted; returns once the access is allowed. */
    void fault(final BlockMeta meta, final int access)
    {
        final long deadline = System.nanoTime() + faultTimeoutNs;
        while (true)
        {
            final int s = meta.state();
            if (allows(s, access))
            {
                return;
            }
            checkOpen();
            if (BlockState.mode(s) == BlockState.BUSY)
            {
                Thread.yield(); // the agent is changing the block in place; it is done within microseconds
                continue;
            }
            PendingFault p;
            boolean send = false;
            synchronized (meta)
            {
                // Checked again under the lock: a copy installed since the check above has
                // completed its fault and cleared meta.pending, so a new request now would be
                // answered by a grant that protocols ignore (they have the block) and wait forever.
                if (allows(meta.state(), access))
                {
                    return;
                }
                p = meta.pending;
                if (p == null)
                {
                    p = new PendingFault();
                    meta.pending = p;
                    meta.pendingAccess = access;
                    send = true;
                }
            }
            if (send)
            {
                try
                {
                    meta.protocol.requestAccess(meta, access);
                }
                catch (final RuntimeException ex)
                {
                    failPending(meta, "node " + id + " could not request " + AccessKind.name(access) + " access to " +
                        meta.describe() + ": " + ex.getMessage());
                    throw ex;
                }
            }
            try
            {
                p.await(deadline, "node " + id + " got no answer within " + config.faultTimeoutMs() + " ms for " +
                    AccessKind.name(access) + " access to " + meta.describe() + " from " + safeRoute(meta) +
                    "; is every node running?");
                if (p.servedOnce())
                {
                    return; // the data was installed for this one access (central server)
                }
            }
            catch (final DsmTimeoutException ex)
            {
                synchronized (meta)
                {
                    if (meta.pending == p)
                    {
                        meta.pending = null;
                    }
                }
                throw ex;
            }
        }
    }

    private static boolean allows(final int state, final int access)
    {
        return access == AccessKind.READ ? (state & BlockState.NOT_READABLE) == 0 : BlockState.mode(state) == BlockState.WRITE;
    }

    private String safeRoute(final BlockMeta meta)
    {
        try
        {
            return meta.protocol.route(meta);
        }
        catch (final RuntimeException ex)
        {
            return "manager node " + config.managerNode();
        }
    }

    void completePending(final BlockMeta meta)
    {
        final PendingFault p;
        synchronized (meta)
        {
            p = meta.pending;
            meta.pending = null;
        }
        if (p != null)
        {
            p.complete();
        }
    }

    void failPending(final BlockMeta meta, final String reason)
    {
        final PendingFault p;
        synchronized (meta)
        {
            p = meta.pending;
            meta.pending = null;
        }
        if (p != null)
        {
            p.fail(reason);
        }
    }

    // ---------------------------------------------------------------- inbound messages (agent thread)

    @Override
    public void onAccessRequest(final int protocol, final int sender, final int requester, final long blockId,
        final int access, final boolean forwarded, final long requestId, final SeenRequests seen)
    {
        protocols[protocol].onAccessRequest(sender, requester, blockId, access, forwarded, requestId, seen);
    }

    @Override
    public void onBlockGrant(final int protocol, final int sender, final long blockId, final int access,
        final boolean withData, final long copyset, final int changes, final String className, final DirectBuffer payload,
        final int payloadOffset, final int payloadLength)
    {
        try
        {
            final Class<?> type = classFor(className);
            initializer.require(type);
            if (withData)
            {
                PayloadCodec.requireClassesReady(this, ClassLayout.of(type), payload, payloadOffset, payloadLength);
            }
            protocols[protocol].onBlockGrant(
                sender, blockId, access, withData, copyset, changes, className, payload, payloadOffset, payloadLength);
        }
        catch (final ClassNotReadyException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            final BlockMeta meta = blocks.get(blockId);
            if (meta != null)
            {
                failPending(meta, "node " + id + " could not install " + meta.describe() + " from node " + sender + ": " + ex.getMessage());
            }
            throw ex;
        }
    }

    @Override
    public void onInvalidate(final int protocol, final int sender, final long blockId)
    {
        protocols[protocol].onInvalidate(sender, blockId);
    }

    @Override
    public void onInvalidateAck(final int protocol, final int sender, final long blockId)
    {
        protocols[protocol].onInvalidateAck(sender, blockId);
    }

    @Override
    public void onConfirm(final int protocol, final int sender, final long blockId, final int access)
    {
        protocols[protocol].onConfirm(sender, blockId, access);
    }

    @Override
    public void onRefuse(final int protocol, final int sender, final long blockId, final String reason)
    {
        protocols[protocol].onRefuse(sender, blockId, reason);
    }

    @Override
    public void onOwnerIs(final int protocol, final int sender, final long blockId, final int owner, final int access)
    {
        protocols[protocol].onOwnerIs(sender, blockId, owner, access);
    }

    @Override
    public void onOwnerChanged(final int protocol, final int sender, final long blockId, final int owner)
    {
        protocols[protocol].onOwnerChanged(sender, blockId, owner);
    }

    @Override
    public void onFieldWrite(final int protocol, final int sender, final int writer, final long blockId,
        final String className, final long requestId, final long sequence, final int slot, final DirectBuffer value,
        final int valueOffset, final int valueLength)
    {
        PayloadCodec.requireClassReady(this, ClassLayout.of(classFor(className)), slot, value, valueOffset, valueLength);
        protocols[protocol].onFieldWrite(sender, writer, blockId, className, requestId, sequence, slot, value,
            valueOffset, valueLength);
    }

    @Override
    public void onFieldWriteAck(final int protocol, final int sender, final long blockId, final long requestId)
    {
        protocols[protocol].onFieldWriteAck(sender, blockId, requestId);
    }

    @Override
    public void onRootBind(final int sender, final long requestId, final long objectId, final String name, final String className)
    {
        if (id != config.managerNode())
        {
            throw new IllegalStateException("root request for '" + name + "' reached node " + id + ", which is not the manager");
        }
        long[] bound = rootIds.get(name);
        if (bound == null && objectId != 0)
        {
            bound = new long[] {objectId};
            rootIds.put(name, bound);
            rootClasses.put(name, className);
        }
        outbox.rootBound(sender, requestId, bound == null ? 0 : bound[0], name, bound == null ? "" : rootClasses.get(name));
    }

    @Override
    public void onRootBound(final int sender, final long requestId, final long objectId, final String name, final String className)
    {
        final PendingFault p = pendingRoots.get(requestId);
        if (p != null)
        {
            p.complete(objectId, className);
        }
    }

    @Override
    public void onLeave(final int sender)
    {
        peersLeft.add(sender);
    }

    // ---------------------------------------------------------------- lifecycle

    /** Waits until every peer is reachable, bounded by dsm.connect.timeout.ms. */
    void awaitPeers()
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
                throw new DsmTimeoutException("node " + id + " could not reach " + where + " within " +
                    config.connectTimeoutMs() + " ms: start every node listed in dsm.nodes, or raise dsm.connect.timeout.ms");
            }
            sleepMs(5);
        }
    }

    /** Tells every peer this node is done; it keeps serving until they are done too. */
    void leave()
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
    boolean awaitPeersLeft()
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

    /** Leaves the cluster: waits (bounded) until every peer is done, then stops serving and releases Aeron. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        leave();
        if (!awaitPeersLeft())
        {
            System.err.println("[dsm node " + id + "] stopping although not every peer has left within " +
                config.leaveTimeoutMs() + " ms; blocks this node owns are lost to them");
        }
        shutdown();
    }

    void shutdown()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        CloseHelper.quietClose(runner);
        CloseHelper.quietClose(transport);
        if (ownedAeron != null)
        {
            CloseHelper.quietClose(ownedAeron);
        }
        for (final PendingFault p : pendingRoots.values())
        {
            p.fail("node " + id + " is closed");
        }
        for (final BlockMeta meta : blocks.values())
        {
            failPending(meta, "node " + id + " is closed");
        }
    }

    public boolean isClosed()
    {
        return closed;
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new DsmException("node " + id + " is closed");
        }
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

    @Override
    public String toString()
    {
        return "DsmNode{" + id + ", blocks=" + blocks.size() + ", " + counters + "}";
    }

    /** The protocol agent: polls the transport and the local queue, dispatching every message. */
    private final class ProtocolAgent implements Agent
    {
        private final UnsafeBuffer local = new UnsafeBuffer(new byte[0]);

        @Override
        public int doWork()
        {
            int work = transport.poll(dispatcher, FRAGMENT_LIMIT);
            for (final CoherenceProtocol p : protocols)
            {
                if (p != null)
                {
                    work += p.doWork();
                }
            }
            // a frame that must come again (its class is being initialised) stays at the head
            byte[] m;
            while ((m = localQueue.peek()) != null)
            {
                local.wrap(m);
                if (!dispatcher.onLocalFrame(local, 0, m.length))
                {
                    break;
                }
                localQueue.poll();
                work++;
            }
            Object[] injected;
            while ((injected = localInjections.peek()) != null)
            {
                final byte[] frame = (byte[])injected[0];
                local.wrap(frame);
                if (!dispatcher.onFrame(local, 0, frame.length))
                {
                    break;
                }
                localInjections.poll();
                ((PendingFault)injected[1]).complete();
                work++;
            }
            return work;
        }

        @Override
        public String roleName()
        {
            return "dsm-node-" + id;
        }
    }
}
