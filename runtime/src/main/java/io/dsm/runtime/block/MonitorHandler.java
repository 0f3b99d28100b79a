package io.dsm.runtime.block;

/**
 * What rewritten {@code synchronized}, {@code wait} and {@code notify} need from their node: the
 * cluster-wide lock of a shared object (its lock id is its block id) or of a shared class. The
 * JVM's own monitor is taken by the rewritten code itself, after {@link #enter} and before
 * {@link #exit}. Implemented by the node's lock service; {@link BlockMeta} holds it.
 */
public interface MonitorHandler
{
    /** Takes the cluster lock for the calling thread (reentrant); returns when it holds it. */
    void enter(long lockId, Object monitor);

    /** Releases one hold of the calling thread; a no-op for a thread that holds none. Never throws. */
    void exit(long lockId, Object monitor);

    /**
     * {@link Object#wait(long, int)} with the cluster lock: the caller holds {@code monitor}'s JVM
     * monitor; returns holding both again.
     */
    void await(long lockId, Object monitor, long timeoutMs, int nanos) throws InterruptedException;

    /** {@link Object#notify()} ({@code all} false) or {@link Object#notifyAll()} across the cluster. */
    void notify(long lockId, Object monitor, boolean all);

    /** The lock id of a shared class's class-level lock ({@code static synchronized}, {@code synchronized (C.class)}). */
    long classLockId(Class<?> type);
}
