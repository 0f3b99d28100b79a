package io.dsm.runtime.node;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.dsm.api.DsmException;
import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.Completion;
import io.dsm.runtime.config.NodeConfig;
import io.dsm.runtime.wire.Outbox;
import io.dsm.runtime.wire.RootMessageHandler;

/**
 * Named roots: cluster-wide names bound to shared objects, first binding wins. The manager node
 * keeps the bindings; every node asks it and caches the answer.
 */
public final class Roots implements RootMessageHandler
{
    private final int self;
    private final NodeConfig config;
    private final long timeoutNs;
    private final BlockTable blocks;
    private final Outbox outbox;

    /** The manager's bindings: name to object id and class; on the protocol thread only. */
    private final Map<String, Long> boundIds = new TreeMap<>();
    private final Map<String, String> boundClasses = new TreeMap<>();

    private final ConcurrentHashMap<Long, Completion> pending = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final ConcurrentHashMap<String, Object> cache = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public Roots(final NodeConfig config, final BlockTable blocks, final Outbox outbox)
    {
        this.self = config.nodeId();
        this.config = config;
        this.timeoutNs = TimeUnit.MILLISECONDS.toNanos(config.faultTimeoutMs());
        this.blocks = blocks;
        this.outbox = outbox;
    }

    /**
     * The object bound to {@code name} in the cluster, or, if there is none yet, the one
     * {@code supplier} creates, unless another node binds the name first (first wins).
     */
    @SuppressWarnings("unchecked")
    public <T> T root(final String name, final Supplier<T> supplier)
    {
        final Object cached = cache.get(name);
        if (cached != null)
        {
            return (T)cached;
        }
        final Completion lookup = request(name, 0, "");
        Object result = lookup.resultId() != 0 ? blocks.replica(lookup.resultId(), lookup.resultClass()) : null;
        if (result == null)
        {
            final T candidate = supplier.get();
            if (candidate == null)
            {
                throw new NullPointerException("root supplier for '" + name + "' returned null");
            }
            result = bind(name, candidate);
        }
        final Object previous = cache.putIfAbsent(name, result);
        return (T)(previous != null ? previous : result);
    }

    /** Binds {@code value} to {@code name} unless the name is bound already; returns the winner. */
    public Object bindRoot(final String name, final Object value)
    {
        final Object cached = cache.get(name);
        if (cached != null)
        {
            return cached;
        }
        final Object result = bind(name, value);
        final Object previous = cache.putIfAbsent(name, result);
        return previous != null ? previous : result;
    }

    private Object bind(final String name, final Object value)
    {
        final BlockMeta meta = blocks.publish(value);
        final Completion bound = request(name, meta.id, value.getClass().getName());
        return blocks.replica(bound.resultId(), bound.resultClass());
    }

    private Completion request(final String name, final long objectId, final String className)
    {
        if (closed)
        {
            throw new DsmException("node " + self + " is closed");
        }
        final long requestId = requests.incrementAndGet();
        final Completion p = new Completion();
        pending.put(requestId, p);
        try
        {
            outbox.rootBind(config.managerNode(), requestId, objectId, name, className);
            p.await(System.nanoTime() + timeoutNs, "node " + self + " got no answer from manager node " +
                config.managerNode() + " for root '" + name + "' within " + config.faultTimeoutMs() + " ms");
        }
        finally
        {
            pending.remove(requestId);
        }
        return p;
    }

    @Override
    public void onRootBind(final int sender, final long requestId, final long objectId, final String name, final String className)
    {
        if (self != config.managerNode())
        {
            throw new IllegalStateException("root request for '" + name + "' reached node " + self + ", which is not the manager");
        }
        Long bound = boundIds.get(name);
        if (bound == null && objectId != 0)
        {
            bound = objectId;
            boundIds.put(name, bound);
            boundClasses.put(name, className);
        }
        outbox.rootBound(sender, requestId, bound == null ? 0 : bound, name, bound == null ? "" : boundClasses.get(name));
    }

    @Override
    public void onRootBound(final int sender, final long requestId, final long objectId, final String name, final String className)
    {
        final Completion p = pending.get(requestId);
        if (p != null)
        {
            p.complete(objectId, className);
        }
    }

    /** Fails every lookup in flight and every later one: the node is closed. */
    public void close()
    {
        closed = true;
        for (final Completion p : pending.values())
        {
            p.fail("node " + self + " is closed");
        }
    }
}
