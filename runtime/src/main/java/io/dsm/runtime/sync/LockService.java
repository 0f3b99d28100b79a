package io.dsm.runtime.sync;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.dsm.api.DsmException;
import io.dsm.api.DsmTimeoutException;
import io.dsm.runtime.block.BlockIds;
import io.dsm.runtime.membership.View;
import io.dsm.runtime.block.BrokenMode;
import io.dsm.runtime.block.Completion;
import io.dsm.runtime.block.MonitorHandler;
import io.dsm.runtime.metrics.ErrorLog;
import io.dsm.runtime.protocol.ConsistencyFence;
import io.dsm.runtime.wire.LockMessageHandler;
import io.dsm.runtime.wire.Outbox;

/**
 * One node's cluster monitors: TreadMarks' lock algorithm (Keleher et al. 1994). Each lock has a
 * manager, the creator of the lock object, which keeps the last requester ({@code tail}); a
 * request goes to the manager, which forwards it to the previous tail; that node passes the token
 * to the requester when its holder releases. So a remote acquire costs 3 messages (2 when the
 * manager is the requester or the previous holder) and a lock no other node asked for since this
 * node's last release is taken with none (the token stays where it was last used).
 *
 * <p>Between nodes the order is first come first served at the manager, and a node that has been
 * asked for the token passes it on at its holder's next full release, before its own later
 * arrivals, so no node starves. The token carries a hand-off counter (for fencing), the
 * releaser's consistency mark ({@link ConsistencyFence}) and the wait set.
 *
 * <p>Threads wait parked, holding no JVM monitor, except when re-acquiring after {@code wait}: the
 * thread then owns the object's JVM monitor and waits inside {@code Object.wait} on it, so local
 * threads can still enter and exit and hand it the lock.
 */
public final class LockService implements MonitorHandler, LockMessageHandler, AutoCloseable
{
    /** Class-level locks live in the upper half of the manager node's id space, keyed by class name. */
    /**
     * Marks a class lock's id: the top bit of the object sequence (bits 0..43 of an id, see
     * {@link BlockIds}), which no object reaches (2^43 objects per node), so a class lock never
     * shares an id with an object's lock (block 0's id). It must stay below the block-index bits.
     */
    static final long CLASS_LOCK_BIT = 1L << (BlockIds.BLOCK_SHIFT - 1);

    private final int self;
    private final int managerNode;
    private final int[] members;
    private final Outbox outbox;
    private final ConsistencyFence fence;
    private final ErrorLog errors;
    private final long warnNs;
    private final LockDiagnostics diagnostics;
    private final ConcurrentHashMap<Long, LockRecord> records = new ConcurrentHashMap<>();
    /** At a lock's manager: the last requester and who each requester queued behind. Written by the agent only. */
    private final ConcurrentHashMap<Long, int[]> managed = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, LocalWait> localWaits = new ConcurrentHashMap<>();
    private final AtomicLong waiterIds = new AtomicLong();
    private final ThreadLocal<ExpandableArrayBuffer> scratch = ThreadLocal.withInitial(() -> new ExpandableArrayBuffer(64));
    private final Waker waker;
    private final LockStats stats = new LockStats();
    private volatile boolean closed;

    /** A thread of this node inside {@code wait} on a shared monitor. */
    private static final class LocalWait
    {
        final Object monitor;
        final long lockId;
        volatile boolean notified;

        LocalWait(final Object monitor, final long lockId)
        {
            this.monitor = monitor;
            this.lockId = lockId;
        }
    }

    /** Messages decided under a record's lock and sent after it is released. */
    private static final class Sends
    {
        int tokenTo = -1;
        long epoch;
        long mark;
        byte[] waiters;
        /** Local threads still wait: ask the manager again. */
        boolean request;
    }

    private final View view;
    /** While a recovery round runs, tokens stay where they are (the round decides where they go). */
    private volatile boolean frozen;

    public LockService(final int self, final int managerNode, final int[] members, final Outbox outbox,
        final ConsistencyFence fence, final ErrorLog errors, final long warnMs, final long queryTimeoutMs, final View view)
    {
        this.view = view;
        this.self = self;
        this.managerNode = managerNode;
        this.members = members.clone();
        this.outbox = outbox;
        this.fence = fence;
        this.errors = errors;
        this.warnNs = TimeUnit.MILLISECONDS.toNanos(warnMs);
        this.diagnostics = new LockDiagnostics(self, members, outbox, queryTimeoutMs, records, managed, this::manager);
        this.waker = new Waker(self);
    }

    public LockStats stats()
    {
        return stats;
    }

    // ---------------------------------------------------------------- application threads

    @Override
    public long classLockId(final Class<?> type)
    {
        return classLockId(managerNode, type.getName());
    }

    /** The lock id of {@code static synchronized} on a class: never an object's id, never invalid. */
    static long classLockId(final int managerNode, final String className)
    {
        final long h = className.hashCode() & 0xFFFF_FFFFL;
        return BlockIds.make(managerNode, CLASS_LOCK_BIT | h);
    }

    @Override
    public void enter(final long lockId, final Object monitor)
    {
        final Thread t = Thread.currentThread();
        final LockRecord rec = record(lockId, monitor);
        final Waiter w;
        boolean request = false;
        long mark = -1;
        synchronized (rec)
        {
            if (rec.owner == t)
            {
                rec.holds++;
                return;
            }
            checkOpen();
            if (rec.free())
            {
                if (rec.next != -1)
                {
                    stats.regrantsWhileAsked.incrementAndGet();
                }
                take(rec, t, 1);
                mark = consumeFence(rec);
                w = null;
            }
            else
            {
                w = new Waiter(t, false, 1);
                rec.entryQueue.add(w);
                request = needRequest(rec);
            }
        }
        if (w == null)
        {
            stats.cachedAcquires.incrementAndGet();
        }
        else
        {
            stats.queuedAcquires.incrementAndGet();
            if (request)
            {
                outbox.lockRequest(manager(lockId), lockId);
            }
            awaitGrant(rec, w);
            mark = w.mark;
        }
        applyFence(lockId, monitor, mark);
    }

    @Override
    public void exit(final long lockId, final Object monitor)
    {
        final LockRecord rec = records.get(lockId);
        if (rec == null)
        {
            return;
        }
        final Sends sends;
        synchronized (rec)
        {
            if (rec.owner != Thread.currentThread())
            {
                return; // not a cluster holder: the monitor was entered before the object was shared
            }
            if (--rec.holds > 0)
            {
                return;
            }
            rec.owner = null;
            sends = release(rec, monitor);
        }
        try
        {
            send(rec, sends);
        }
        catch (final RuntimeException ex)
        {
            // exit runs inside the compiler's exception handler and must not throw
            errors.record("handing lock " + BlockIds.format(lockId) + " on", ex);
        }
    }

    @Override
    public void await(final long lockId, final Object monitor, final long timeoutMs, final int nanos)
        throws InterruptedException
    {
        if (!Thread.holdsLock(monitor))
        {
            throw new IllegalMonitorStateException("current thread is not owner");
        }
        if (timeoutMs < 0)
        {
            throw new IllegalArgumentException("timeout value is negative");
        }
        if (nanos < 0 || nanos > 999_999)
        {
            throw new IllegalArgumentException("nanosecond timeout value out of range");
        }
        if (Thread.interrupted())
        {
            throw new InterruptedException();
        }
        final Thread t = Thread.currentThread();
        final LockRecord rec = record(lockId, monitor);
        Sends sends = null;
        final long waiterId = waiterIds.incrementAndGet();
        final LocalWait lw = new LocalWait(monitor, lockId);
        final int saved;
        synchronized (rec)
        {
            if (rec.owner != t)
            {
                saved = -1;
            }
            else
            {
                saved = rec.holds;
                rec.waitSet.add(self, waiterId);
                localWaits.put(waiterId, lw);
                rec.owner = null;
                rec.holds = 0;
                sends = release(rec, monitor);
            }
        }
        if (saved < 0)
        {
            monitor.wait(timeoutMs, nanos); // entered before the object was shared: the JVM's monitor alone
            return;
        }
        stats.waits.incrementAndGet();
        boolean interrupted = false;
        try
        {
            send(rec, sends);
            interrupted = waitForNotify(monitor, lw, timeoutMs, nanos);
        }
        finally
        {
            interrupted |= reacquire(rec, monitor, saved);
            localWaits.remove(waiterId);
        }
        final boolean notified;
        synchronized (rec)
        {
            notified = !rec.waitSet.remove(self, waiterId);
        }
        if (interrupted)
        {
            if (notified)
            {
                t.interrupt(); // a notification is never lost to an interrupt: return, interrupt pending
                return;
            }
            throw new InterruptedException();
        }
    }

    @Override
    public void notify(final long lockId, final Object monitor, final boolean all)
    {
        if (!Thread.holdsLock(monitor))
        {
            throw new IllegalMonitorStateException("current thread is not owner");
        }
        final LockRecord rec = records.get(lockId);
        long[] wake = null;
        int[] wakeNodes = null;
        int count = 0;
        boolean local = false;
        if (rec != null)
        {
            synchronized (rec)
            {
                if (rec.owner == Thread.currentThread())
                {
                    count = all ? rec.waitSet.size() : Math.min(1, rec.waitSet.size());
                    wake = new long[count];
                    wakeNodes = new int[count];
                    for (int i = 0; i < count; i++)
                    {
                        wakeNodes[i] = rec.waitSet.node(0);
                        wake[i] = rec.waitSet.id(0);
                        rec.waitSet.removeAt(0);
                    }
                }
            }
        }
        if (wake == null)
        {
            if (all)
            {
                monitor.notifyAll();
            }
            else
            {
                monitor.notify();
            }
            return;
        }
        for (int i = 0; i < count; i++)
        {
            if (wakeNodes[i] == self)
            {
                final LocalWait lw = localWaits.get(wake[i]);
                if (lw != null)
                {
                    lw.notified = true;
                    local = true;
                }
            }
        }
        if (local)
        {
            monitor.notifyAll(); // the caller owns the monitor; waiters re-check their own flag
        }
        for (final int node : members)
        {
            if (node == self)
            {
                continue;
            }
            final ExpandableArrayBuffer buf = scratch.get();
            int n = 0;
            for (int i = 0; i < count; i++)
            {
                if (wakeNodes[i] == node)
                {
                    buf.putLong(n * 8, wake[i], ByteOrder.LITTLE_ENDIAN);
                    n++;
                }
            }
            if (n > 0)
            {
                stats.remoteWakes.addAndGet(n);
                outbox.lockWake(node, lockId, buf, n * 8);
            }
        }
    }

    // ---------------------------------------------------------------- protocol agent thread

    @Override
    public void onLockRequest(final int requester, final long lockId)
    {
        if (manager(lockId) != self)
        {
            throw new IllegalStateException("lock request for " + BlockIds.format(lockId) + " reached node " + self +
                ", which is not its manager");
        }
        int[] entry = managed.get(lockId);
        if (entry == null)
        {
            entry = new int[65]; // [0]: tail; [1 + node]: the node it queued behind
            Arrays.fill(entry, -1);
            entry[0] = self; // the token starts at its creator, the manager
            managed.put(lockId, entry);
        }
        final int prev = entry[0];
        entry[0] = requester;
        entry[1 + requester] = prev;
        if (prev == self)
        {
            onLockForward(self, lockId, requester);
        }
        else
        {
            outbox.lockForward(prev, lockId, requester);
        }
    }

    @Override
    public void onLockForward(final int sender, final long lockId, final int requester)
    {
        final LockRecord rec = record(lockId, null);
        Sends sends = null;
        synchronized (rec)
        {
            if (rec.next != -1)
            {
                throw new IllegalStateException("node " + self + " was asked to pass lock " + BlockIds.format(lockId) +
                    " to node " + requester + " but passes it to node " + rec.next + " already");
            }
            rec.next = requester;
            if (rec.free())
            {
                sends = release(rec, null);
            }
        }
        send(rec, sends);
    }

    @Override
    public void onLockToken(final int sender, final long lockId, final long epoch, final long mark,
        final DirectBuffer waiters, final int offset, final int length)
    {
        final LockRecord rec = record(lockId, null);
        Sends sends = null;
        stats.tokensReceived.incrementAndGet();
        synchronized (rec)
        {
            if (rec.tokenHere)
            {
                throw new IllegalStateException("node " + self + " got the token of lock " + BlockIds.format(lockId) +
                    " from node " + sender + " but has it already");
            }
            rec.tokenHere = true;
            rec.requested = false;
            rec.epoch = epoch;
            rec.mark = mark;
            rec.fencePending = true;
            rec.waitSet.decode(waiters, offset, length);
            final Waiter w = rec.entryQueue.poll();
            if (w != null)
            {
                grant(rec, w, null);
            }
            else if (rec.next != -1)
            {
                sends = release(rec, null); // its waiters gave up meanwhile: pass it on
            }
        }
        send(rec, sends);
    }

    @Override
    public void onLockWake(final int sender, final long lockId, final DirectBuffer waiterIds, final int offset,
        final int length)
    {
        for (int p = offset; p < offset + length; p += 8)
        {
            final LocalWait lw = localWaits.get(waiterIds.getLong(p, ByteOrder.LITTLE_ENDIAN));
            if (lw != null)
            {
                lw.notified = true;
                waker.wake(lw.monitor);
            }
        }
    }

    @Override
    public void onLockQuery(final int sender, final long lockId, final long queryId, final int about)
    {
        diagnostics.answer(sender, lockId, queryId, about);
    }

    @Override
    public void onLockInfo(final int sender, final long lockId, final long queryId, final int predecessor,
        final boolean holds, final String description)
    {
        diagnostics.answered(queryId, predecessor, holds, description);
    }

    /** Every later lock operation fails; threads waiting for a lock learn it within their next check. */
    @Override
    public void close()
    {
        closed = true;
        waker.close();
        for (final LockRecord rec : records.values())
        {
            synchronized (rec)
            {
                for (final Waiter w : rec.entryQueue)
                {
                    LockSupport.unpark(w.thread);
                }
            }
        }
    }

    // ---------------------------------------------------------------- recovery (protocol agent thread)

    /** What a recovery report says of one lock this node knows. */
    @FunctionalInterface
    public interface LockReport
    {
        void lock(long lockId, boolean tokenHere, boolean waiting, long epoch, long[] localWaiterIds);
    }

    /** A recovery round begins: tokens stay where they are until its plan says where they go. */
    public void freeze()
    {
        frozen = true;
    }

    /** Recovery: every lock this node knows, whether its token is here, whether local threads wait for it, and its local waits. */
    public void report(final LockReport report)
    {
        for (final LockRecord rec : records.values())
        {
            final java.util.List<Long> waits = new java.util.ArrayList<>();
            for (final Map.Entry<Long, LocalWait> e : localWaits.entrySet())
            {
                if (e.getValue().lockId == rec.id && !e.getValue().notified)
                {
                    waits.add(e.getKey());
                }
            }
            final long[] ids = waits.stream().mapToLong(Long::longValue).toArray();
            synchronized (rec)
            {
                report.lock(rec.id, rec.tokenHere, !rec.entryQueue.isEmpty() || rec.requested, rec.epoch, ids);
            }
        }
    }

    /**
     * Recovery: the plan for one lock. The token is at {@code holder} (where it was, or, when it died
     * with a node, made anew there with a higher fencing counter and the survivors' waits as its wait
     * set); the other nodes waiting for it follow in ascending id order; the manager (the lock object's
     * creator, or its stand-in) queues new requests behind the last of them.
     */
    public void recover(final long lockId, final int holder, final boolean regenerated, final long epoch,
        final long waitingMask, final int[] setNodes, final long[] setIds)
    {
        final LockRecord rec = record(lockId, null);
        final int[] chain = chain(holder, waitingMask);
        synchronized (rec)
        {
            if (self == holder)
            {
                if (regenerated)
                {
                    rec.tokenHere = true;
                    rec.epoch = epoch;
                    rec.mark = 0;
                    rec.fencePending = false;
                    rec.waitSet.clear();
                    for (int i = 0; i < setNodes.length; i++)
                    {
                        rec.waitSet.add(setNodes[i], setIds[i]);
                    }
                    stats.tokensRegenerated.incrementAndGet();
                    System.err.println("[dsm node " + self + "] the token of lock " + BlockIds.format(lockId) +
                        " died with its holder; it is here anew with fencing counter " + epoch + " and " + setNodes.length +
                        " waiting in wait()");
                }
                rec.requested = false;
            }
            else
            {
                rec.tokenHere = false;
                rec.requested = (waitingMask & (1L << self)) != 0;
            }
            rec.next = -1;
            for (int i = 0; i + 1 < chain.length; i++)
            {
                if (chain[i] == self)
                {
                    rec.next = chain[i + 1];
                }
            }
        }
        if (self == manager(lockId))
        {
            final int[] entry = new int[65];
            Arrays.fill(entry, -1);
            entry[0] = chain[chain.length - 1];
            for (int i = 1; i < chain.length; i++)
            {
                entry[1 + chain[i]] = chain[i - 1];
            }
            managed.put(lockId, entry);
        }
    }

    /** The holder, then every other waiting node in ascending id order. */
    private static int[] chain(final int holder, final long waitingMask)
    {
        final long others = waitingMask & ~(1L << holder);
        final int[] chain = new int[1 + Long.bitCount(others)];
        chain[0] = holder;
        int i = 1;
        for (long m = others; m != 0; m &= m - 1)
        {
            chain[i++] = Long.numberOfTrailingZeros(m);
        }
        return chain;
    }

    /**
     * The round is over: tokens move again; a token here goes to the next node or a local waiter; local
     * threads that wait for a token the plan did not queue them for ask again.
     */
    public void thaw()
    {
        frozen = false;
        for (final LockRecord rec : records.values())
        {
            Sends sends = null;
            boolean ask = false;
            synchronized (rec)
            {
                if (rec.tokenHere && rec.owner == null)
                {
                    sends = release(rec, null);
                }
                else if (!rec.tokenHere && !rec.requested && !rec.entryQueue.isEmpty())
                {
                    rec.requested = true;
                    ask = true;
                }
            }
            send(rec, sends);
            if (ask)
            {
                outbox.lockRequest(manager(rec.id), rec.id);
            }
        }
    }

    // ---------------------------------------------------------------- internals

    private LockRecord record(final long lockId, final Object monitor)
    {
        LockRecord rec = records.get(lockId);
        if (rec == null)
        {
            final LockRecord fresh = new LockRecord(lockId, manager(lockId) == self);
            rec = records.putIfAbsent(lockId, fresh);
            rec = rec != null ? rec : fresh;
        }
        if (monitor != null && rec.monitor == null)
        {
            rec.monitor = monitor;
        }
        return rec;
    }

    /** The lock's manager: the lock object's creator, or its stand-in once it died. */
    private int manager(final long lockId)
    {
        return view.standIn(BlockIds.creator(lockId));
    }

    private static void take(final LockRecord rec, final Thread t, final int holds)
    {
        rec.owner = t;
        rec.holds = holds;
        rec.ownerSinceNs = System.nanoTime();
    }

    /** The mark the first holder after a token from a peer must await; -1 for none. */
    private static long consumeFence(final LockRecord rec)
    {
        if (!rec.fencePending)
        {
            return -1;
        }
        rec.fencePending = false;
        return rec.mark;
    }

    private static boolean needRequest(final LockRecord rec)
    {
        if (rec.tokenHere || rec.requested)
        {
            return false;
        }
        rec.requested = true;
        return true;
    }

    /**
     * Under the record's lock, with no owner: the next node gets the token if it asked (before any
     * later local thread: no node starves), else the first local waiter gets the lock.
     *
     * @param ownedMonitor the JVM monitor the calling thread owns (it can wake a waiter in
     *                     {@code Object.wait} itself), or null on the protocol agent
     */
    private Sends release(final LockRecord rec, final Object ownedMonitor)
    {
        if (rec.next != -1 && rec.tokenHere && !frozen && !(BrokenMode.GREEDY_LOCKS && ++rec.greedyGrants % 1000 != 0))
        {
            final Sends sends = new Sends();
            final ExpandableArrayBuffer buf = scratch.get();
            final int length = rec.waitSet.encode(buf);
            sends.waiters = new byte[length];
            buf.getBytes(0, sends.waiters);
            sends.tokenTo = rec.next;
            sends.epoch = rec.epoch + 1;
            sends.mark = Math.max(rec.mark, fence.releaseMark());
            rec.epoch = sends.epoch;
            rec.tokenHere = false;
            rec.fencePending = false;
            rec.next = -1;
            rec.waitSet.clear();
            // local threads still waiting ask again, behind the node that asked first
            sends.request = !rec.entryQueue.isEmpty();
            rec.requested = sends.request;
            return sends;
        }
        final Waiter w = rec.entryQueue.poll();
        if (w != null)
        {
            if (rec.next != -1)
            {
                stats.regrantsWhileAsked.incrementAndGet();
            }
            grant(rec, w, ownedMonitor);
        }
        return null;
    }

    /** Under the record's lock: the lock is {@code w}'s; wake it. */
    private void grant(final LockRecord rec, final Waiter w, final Object ownedMonitor)
    {
        take(rec, w.thread, w.holds);
        w.mark = consumeFence(rec);
        w.granted = true;
        if (!w.inMonitorWait)
        {
            LockSupport.unpark(w.thread);
        }
        else if (ownedMonitor != null)
        {
            ownedMonitor.notifyAll();
        }
        else
        {
            waker.wake(rec.monitor);
        }
    }

    private void send(final LockRecord rec, final Sends sends)
    {
        if (sends == null)
        {
            return;
        }
        if (sends.tokenTo >= 0)
        {
            stats.tokensSent.incrementAndGet();
            outbox.lockToken(sends.tokenTo, rec.id, sends.epoch, sends.mark, new UnsafeBuffer(sends.waiters),
                sends.waiters.length);
        }
        if (sends.request)
        {
            outbox.lockRequest(manager(rec.id), rec.id);
        }
    }

    /** Parks until {@code w} holds the lock; reports (and checks the holder is alive) every dsm.lock.warn.ms. */
    private void awaitGrant(final LockRecord rec, final Waiter w)
    {
        final long start = System.nanoTime();
        long nextReport = start + warnNs;
        while (!w.granted)
        {
            if (closed)
            {
                abandon(rec, w);
                throw new DsmException("node " + self + " is closed");
            }
            final long now = System.nanoTime();
            if (now - nextReport >= 0)
            {
                try
                {
                    stats.longWaits.incrementAndGet();
                    diagnostics.report(rec, now - start);
                }
                catch (final RuntimeException ex)
                {
                    abandon(rec, w);
                    throw ex;
                }
                nextReport = System.nanoTime() + warnNs;
                continue;
            }
            LockSupport.parkNanos(this, Math.min(nextReport - now, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }

    /**
     * Re-takes the lock after a wait while owning the JVM monitor: waits inside {@code Object.wait}
     * so the monitor is free for the local thread that will hand the lock over. Interrupts are
     * remembered (returned), not thrown: the lock must be held again before anything is thrown.
     */
    private boolean reacquire(final LockRecord rec, final Object monitor, final int holds)
    {
        final Thread t = Thread.currentThread();
        Waiter w = null;
        boolean request = false;
        long mark = -1;
        synchronized (rec)
        {
            if (rec.free())
            {
                take(rec, t, holds);
                mark = consumeFence(rec);
            }
            else
            {
                w = new Waiter(t, true, holds);
                rec.entryQueue.add(w);
                request = needRequest(rec);
            }
        }
        boolean interrupted = false;
        if (w != null)
        {
            if (request)
            {
                outbox.lockRequest(manager(rec.id), rec.id);
            }
            final long start = System.nanoTime();
            long nextReport = start + warnNs;
            while (!w.granted)
            {
                if (closed)
                {
                    abandon(rec, w);
                    throw new DsmException("node " + self + " is closed");
                }
                try
                {
                    monitor.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(nextReport - System.nanoTime(),
                        TimeUnit.MILLISECONDS.toNanos(100)))));
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
                if (!w.granted && System.nanoTime() - nextReport >= 0)
                {
                    stats.longWaits.incrementAndGet();
                    diagnostics.report(rec, System.nanoTime() - start);
                    nextReport = System.nanoTime() + warnNs;
                }
            }
            mark = w.mark;
        }
        if (mark >= 0)
        {
            fence.awaitMark(mark);
        }
        return interrupted;
    }

    /** Waits in {@code Object.wait} until notified, timed out or interrupted; true if interrupted. */
    private static boolean waitForNotify(final Object monitor, final LocalWait lw, final long timeoutMs, final int nanos)
    {
        final boolean timed = timeoutMs > 0 || nanos > 0;
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs) + nanos;
        try
        {
            while (!lw.notified)
            {
                if (!timed)
                {
                    monitor.wait();
                    continue;
                }
                final long left = deadline - System.nanoTime();
                if (left <= 0)
                {
                    return false;
                }
                monitor.wait(TimeUnit.NANOSECONDS.toMillis(left), (int)(left % 1_000_000));
            }
            return false;
        }
        catch (final InterruptedException ex)
        {
            return true;
        }
    }

    /** A waiter gives up (closed node, dead holder): out of the queue, or, if granted meanwhile, released. */
    private void abandon(final LockRecord rec, final Waiter w)
    {
        Sends sends = null;
        synchronized (rec)
        {
            if (!rec.entryQueue.remove(w) && w.granted && rec.owner == w.thread)
            {
                rec.owner = null;
                rec.holds = 0;
                sends = release(rec, null);
            }
        }
        if (!closed)
        {
            send(rec, sends);
        }
    }

    /** Runs the fence of a token that came from a peer; if it fails, the lock is released again. */
    private void applyFence(final long lockId, final Object monitor, final long mark)
    {
        if (mark < 0)
        {
            return;
        }
        try
        {
            fence.awaitMark(mark);
        }
        catch (final RuntimeException ex)
        {
            exit(lockId, monitor);
            throw ex;
        }
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new DsmException("node " + self + " is closed");
        }
    }
}
