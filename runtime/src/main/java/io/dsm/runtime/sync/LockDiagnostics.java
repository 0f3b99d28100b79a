package io.dsm.runtime.sync;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.dsm.api.DsmException;
import io.dsm.api.DsmTimeoutException;
import io.dsm.runtime.block.BlockIds;
import io.dsm.runtime.block.Completion;
import io.dsm.runtime.wire.Outbox;

/**
 * What a long wait for a cluster lock reports: who holds the lock, found by asking the lock's
 * manager who is before the waiting node in the queue, then that node what it does with the lock,
 * hop by hop (LockQuery / LockInfo, sent only after dsm.lock.warn.ms, never on an acquire). A node
 * that does not answer within the fault timeout ends the wait with a timeout naming it.
 */
final class LockDiagnostics
{
    /** The lock's manager: its creator, or the stand-in once that died. */
    private final java.util.function.LongToIntFunction managerOf;

    private final int self;
    private final int[] members;
    private final Outbox outbox;
    private final long queryTimeoutMs;
    private final ConcurrentHashMap<Long, LockRecord> records;
    private final ConcurrentHashMap<Long, int[]> managed;
    private final ConcurrentHashMap<Long, Query> queries = new ConcurrentHashMap<>();
    private final AtomicLong queryIds = new AtomicLong();

    /** A question in flight, or answered locally. */
    private static final class Query
    {
        final Completion done = new Completion();
        volatile int predecessor = -1;
        volatile boolean holds;
        volatile String description = "";
    }

    LockDiagnostics(final int self, final int[] members, final Outbox outbox, final long queryTimeoutMs,
        final ConcurrentHashMap<Long, LockRecord> records, final ConcurrentHashMap<Long, int[]> managed,
        final java.util.function.LongToIntFunction managerOf)
    {
        this.managerOf = managerOf;
        this.self = self;
        this.members = members.clone();
        this.outbox = outbox;
        this.queryTimeoutMs = queryTimeoutMs;
        this.records = records;
        this.managed = managed;
    }

    /** On the protocol agent: what this node knows of the lock, and (at the manager) who is before {@code about}. */
    void answer(final int sender, final long lockId, final long queryId, final int about)
    {
        final int[] entry = managedSnapshot(lockId);
        final int predecessor = entry != null ? entry[1 + about] : -1;
        final boolean[] holds = new boolean[1];
        final String description = describe(lockId, holds);
        outbox.lockInfo(sender, lockId, queryId, predecessor, holds[0], description);
    }

    /** On the protocol agent: the answer to a question this node asked. */
    void answered(final long queryId, final int predecessor, final boolean holds, final String description)
    {
        final Query q = queries.get(queryId);
        if (q != null)
        {
            q.predecessor = predecessor;
            q.holds = holds;
            q.description = description;
            q.done.complete();
        }
    }

    /** Logs who holds the lock a thread of this node has waited {@code waitedNs} for. */
    void report(final LockRecord rec, final long waitedNs)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("[dsm node ").append(self).append("] thread '").append(Thread.currentThread().getName())
            .append("' has waited ").append(TimeUnit.NANOSECONDS.toMillis(waitedNs)).append(" ms for the cluster lock of ")
            .append(describeMonitor(rec)).append(" (manager node ").append(manager(rec.id)).append("): ");
        int about = self;
        for (int hop = 0; hop < members.length; hop++)
        {
            final Query before = ask(manager(rec.id), rec.id, about);
            final int p = before.predecessor;
            if (p < 0 || p == about)
            {
                sb.append("the manager knows no node before node ").append(about);
                break;
            }
            final Query at = p == self ? local(rec.id) : ask(p, rec.id, p);
            if (at.holds)
            {
                sb.append("node ").append(p).append(' ').append(at.description);
                break;
            }
            sb.append("node ").append(p).append(' ').append(at.description).append("; ");
            about = p;
        }
        System.err.println(sb);
    }

    private static String describeMonitor(final LockRecord rec)
    {
        final Object m = rec.monitor;
        final String what = m instanceof Class ? "class " + ((Class<?>)m).getName() :
            m != null ? m.getClass().getName() : "an object";
        return what + " (lock " + BlockIds.format(rec.id) + ")";
    }

    private Query local(final long lockId)
    {
        final Query q = new Query();
        final boolean[] holds = new boolean[1];
        q.description = describe(lockId, holds);
        q.holds = holds[0];
        return q;
    }

    private Query ask(final int node, final long lockId, final int about)
    {
        if (node == self)
        {
            final Query q = local(lockId);
            final int[] entry = managedSnapshot(lockId);
            q.predecessor = entry != null ? entry[1 + about] : -1;
            return q;
        }
        final long id = queryIds.incrementAndGet();
        final Query q = new Query();
        queries.put(id, q);
        final String silent = "node " + self + " waits for the cluster lock " + BlockIds.format(lockId) + ", and node " +
            node + ", which it depends on for it, did not answer within " + queryTimeoutMs + " ms; is node " + node +
            " running?";
        try
        {
            try
            {
                outbox.lockQuery(node, lockId, id, about);
            }
            catch (final DsmException ex)
            {
                throw new DsmTimeoutException(silent + " (" + ex.getMessage() + ")");
            }
            q.done.await(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(queryTimeoutMs), silent);
            return q;
        }
        finally
        {
            queries.remove(id);
        }
    }

    /** The manager's entry, read from an application thread (a racy read is harmless here). */
    private int[] managedSnapshot(final long lockId)
    {
        return manager(lockId) == self ? managed.get(lockId) : null;
    }

    private String describe(final long lockId, final boolean[] holds)
    {
        final LockRecord rec = records.get(lockId);
        if (rec == null)
        {
            return "has not used the lock";
        }
        synchronized (rec)
        {
            final Thread owner = rec.owner;
            if (owner != null)
            {
                holds[0] = true;
                return "holds it: thread '" + owner.getName() + "' (" + owner.getState() + ") for " +
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - rec.ownerSinceNs) + " ms, hand-off " + rec.epoch;
            }
            if (rec.tokenHere)
            {
                holds[0] = true;
                return "has it free (hand-off " + rec.epoch + ")";
            }
            return rec.requested ? "waits for it too" : "passed it on";
        }
    }

    private int manager(final long lockId)
    {
        return managerOf.applyAsInt(lockId);
    }
}
