package io.dsm.runtime.protocol;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.Completion;

/**
 * The writes a node has sent as values (central server, full replication) and not yet seen
 * applied, by request id: the writing thread waits, the acknowledgement completes it.
 */
public final class ValueWrites
{
    private final ConcurrentHashMap<Long, Completion> pending = new ConcurrentHashMap<>();
    /** The block each pending write goes to, so the writes to a lost block can fail. */
    private final ConcurrentHashMap<Long, Long> blockOf = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final int self;
    private final long timeoutMs;
    private final int managerNode;

    public ValueWrites(final int self, final long timeoutMs, final int managerNode)
    {
        this.self = self;
        this.timeoutMs = timeoutMs;
        this.managerNode = managerNode;
    }

    /** Registers a write to {@code blockId} about to be sent; returns its request id. */
    public long begin(final long blockId)
    {
        final long requestId = requests.incrementAndGet();
        blockOf.put(requestId, blockId);
        pending.put(requestId, new Completion());
        return requestId;
    }

    /** The writes in flight to {@code blockId} fail with {@code reason} (its every copy died). */
    public void failBlock(final long blockId, final String reason)
    {
        failWhere(id -> id == blockId, reason);
    }

    /** The writes in flight to blocks that {@code blocks} accepts fail with {@code reason}. */
    public void failWhere(final java.util.function.LongPredicate blocks, final String reason)
    {
        for (final java.util.Map.Entry<Long, Long> e : blockOf.entrySet())
        {
            if (blocks.test(e.getValue()))
            {
                final Completion p = pending.get(e.getKey());
                if (p != null)
                {
                    p.fail(reason);
                }
            }
        }
    }

    /** Waits (bounded by the fault timeout) until the write {@code requestId} to {@code meta} is applied. */
    public void await(final BlockMeta meta, final long requestId)
    {
        final Completion p = pending.get(requestId);
        if (p == null)
        {
            return;
        }
        try
        {
            p.await(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs), "node " + self +
                " got no acknowledgement within " + timeoutMs + " ms for a write to " + meta.describe() + " from " +
                route(meta) + "; is every node running?");
        }
        finally
        {
            pending.remove(requestId);
            blockOf.remove(requestId);
        }
    }

    /** The write {@code requestId} was applied (on the agent thread). */
    public void complete(final long requestId)
    {
        final Completion p = pending.get(requestId);
        if (p != null)
        {
            p.complete();
        }
    }

    /** Every write in flight fails with {@code reason}. */
    public void failAll(final String reason)
    {
        for (final Completion p : pending.values())
        {
            p.fail(reason);
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
