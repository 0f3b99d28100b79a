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
import io.dsm.runtime.membership.View;
import io.dsm.runtime.wire.Outbox;
import io.dsm.runtime.wire.RecoveryEntries;
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
    /** What each pending request asked: {name, object id, class name}, to ask again after a recovery round. */
    private final ConcurrentHashMap<Long, Object[]> asked = new ConcurrentHashMap<>();
    private final View view;
    private final AtomicLong requests = new AtomicLong();
    private final ConcurrentHashMap<String, Object> cache = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public Roots(final NodeConfig config, final BlockTable blocks, final Outbox outbox, final View view)
    {
        this.view = view;
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
        asked.put(requestId, new Object[] {name, objectId, className});
        try
        {
            outbox.rootBind(manager(), requestId, objectId, name, className);
            p.await(System.nanoTime() + timeoutNs, "node " + self + " got no answer from manager node " +
                manager() + " for root '" + name + "' within " + config.faultTimeoutMs() + " ms");
        }
        finally
        {
            pending.remove(requestId);
            asked.remove(requestId);
        }
        return p;
    }

    @Override
    public void onRootBind(final int sender, final long requestId, final long objectId, final String name, final String className)
    {
        if (self != manager())
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

    /** The node that keeps the bindings: the configured manager, or its stand-in once it died. */
    private int manager()
    {
        return view.standIn(config.managerNode());
    }

    /** Recovery: the roots this node knows, bound here (as the manager) or looked up. */
    public void forEachRoot(final RecoveryEntries.RootVisitor visitor)
    {
        for (final Map.Entry<String, Long> e : boundIds.entrySet())
        {
            visitor.root(e.getKey(), e.getValue(), boundClasses.get(e.getKey()));
        }
        for (final Map.Entry<String, Object> e : cache.entrySet())
        {
            if (!boundIds.containsKey(e.getKey()))
            {
                visitor.root(e.getKey(), blocks.publish(e.getValue()).id, e.getValue().getClass().getName());
            }
        }
    }

    /** Recovery: a root the survivors know; the node that keeps the bindings now adopts it (first binding stays). */
    public void adopt(final String name, final long id, final String className)
    {
        if (self == manager() && !boundIds.containsKey(name))
        {
            boundIds.put(name, id);
            boundClasses.put(name, className);
        }
    }

    /** Recovery is over: lookups in flight are asked again, of the stand-in if the manager died. */
    public void askAgain()
    {
        for (final Map.Entry<Long, Object[]> e : asked.entrySet())
        {
            final Object[] a = e.getValue();
            outbox.rootBind(manager(), e.getKey(), (Long)a[1], (String)a[0], (String)a[2]);
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
