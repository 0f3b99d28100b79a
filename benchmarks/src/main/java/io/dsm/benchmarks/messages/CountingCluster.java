package io.dsm.benchmarks.messages;

import io.dsm.runtime.DsmCluster;
import io.dsm.runtime.DsmNode;
import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.block.SyntheticNames;
import io.dsm.runtime.wire.MessageCounters;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;


/**
 * An in-process cluster whose network traffic can be counted fault by fault: every node's replica
 * of every {@link Page}, the sum of all nodes' sent counters by type, and a quiescence wait that
 * returns once every message sent has been handled and nothing has moved for a short while.
 *
 * <p>Why that quiescence condition is sound: a node counts a received message after its handler
 * returns, and a handler counts every message it sends before it returns, so when the cluster's
 * sent total equals its received total (plus dropped frames) no message is in flight and no handler
 * is running. Work a node starts by itself (its local queue, deferred requests) is covered by the
 * quiet window: nothing may change for {@code quietNs}.
 */
final class CountingCluster implements AutoCloseable
{
    static final int TYPES = MessageCounters.TYPES.length;
    private static final java.lang.invoke.VarHandle STATE_OFFSET = BlockState.stateHandle(Page.class);

    private final DsmCluster cluster;
    private final int n;
    private final List<Page[]> replicas = new ArrayList<>();
    private final List<Long> ids = new ArrayList<>();
    private final String prefix;
    private int created;

    CountingCluster(final int n, final Properties properties, final String prefix)
    {
        this.cluster = DsmCluster.start(n, properties);
        this.n = n;
        this.prefix = prefix;
    }

    /** Creates a Page on {@code creator} (which owns it first), then gives every other node its replica; returns its index. */
    int addObject(final int creator)
    {
        final String name = prefix + "-" + (created++);
        final Page[] r = new Page[n];
        r[creator] = cluster.node(creator).root(name, Page::new);
        for (int i = 0; i < n; i++)
        {
            if (i != creator)
            {
                r[i] = cluster.node(i).root(name, () -> { throw new IllegalStateException(name + " should be bound"); });
            }
        }
        replicas.add(r);
        ids.add(blockId(r[creator]));
        return replicas.size() - 1;
    }

    /** The global id of an object's block, read from the metadata the agent attached to the replica. */
    long id(final int object)
    {
        return ids.get(object);
    }

    /** The replica's access mode ({@link BlockState#WRITE}, READ, INVALID or BUSY). */
    int mode(final int object, final int node)
    {
        return BlockState.stateVolatile(STATE_OFFSET, replicas.get(object)[node]) & BlockState.MODE_MASK;
    }

    long read(final int object, final int node)
    {
        return replicas.get(object)[node].value;
    }

    void write(final int object, final int node, final long value)
    {
        final Page p = replicas.get(object)[node];
        p.value = value;
    }

    /** Network messages sent so far by all nodes together, indexed like {@link MessageCounters#TYPES}. */
    long[] sent()
    {
        final long[] sum = new long[TYPES];
        for (final DsmNode node : cluster.nodes())
        {
            final long[] s = node.counters().sentSnapshot();
            for (int t = 1; t < TYPES; t++)
            {
                sum[t] += s[t];
            }
        }
        return sum;
    }

    private long sentTotal()
    {
        long total = 0;
        for (final DsmNode node : cluster.nodes())
        {
            total += node.counters().totalSent();
        }
        return total;
    }

    private long handledTotal()
    {
        long total = 0;
        for (final DsmNode node : cluster.nodes())
        {
            final MessageCounters c = node.counters();
            for (int t = 1; t < TYPES; t++)
            {
                total += c.received(MessageCounters.TYPES[t]);
            }
            total += c.totalDropped();
        }
        return total;
    }

    long errors()
    {
        long total = 0;
        for (final DsmNode node : cluster.nodes())
        {
            total += node.errorCount() + node.counters().totalDropped();
        }
        return total;
    }

    /**
     * Waits until every message sent has been handled and the counters have not moved for
     * {@code quietNs}; false if that did not happen within {@code maxNs}.
     */
    boolean quiesce(final long quietNs, final long maxNs)
    {
        final long start = System.nanoTime();
        long lastSent = -1;
        long stableSince = start;
        while (true)
        {
            final long now = System.nanoTime();
            final long sent = sentTotal();
            final long handled = handledTotal();
            if (sent != lastSent || sent != handled)
            {
                lastSent = sent;
                stableSince = now;
            }
            else if (now - stableSince >= quietNs)
            {
                return true;
            }
            if (now - start > maxNs)
            {
                return false;
            }
            LockSupport.parkNanos(100_000);
        }
    }

    @Override
    public void close()
    {
        cluster.close();
    }

    private static long blockId(final Page page)
    {
        try
        {
            final Field metaField = Page.class.getDeclaredField(SyntheticNames.META_FIELD);
            metaField.setAccessible(true);
            final Object meta = metaField.get(page);
            final Field idField = meta.getClass().getDeclaredField("id");
            idField.setAccessible(true);
            return idField.getLong(meta);
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            throw new IllegalStateException("cannot read the block id of a Page (is the agent attached? has BlockMeta.id moved?)", ex);
        }
    }
}
