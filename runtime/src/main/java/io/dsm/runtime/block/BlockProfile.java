package io.dsm.runtime.block;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What a profiling node ({@code dsm.profile=true}) counts for one block: ownership moves,
 * invalidations, block messages and their bytes, faults and the time threads waited in them; on
 * an object's first block also every field read and write the profiling accessors report. Only
 * the slow path and the profiling accessors touch it; a node that does not profile has none.
 */
public final class BlockProfile
{
    public static final int OWNERSHIP_IN = 0;
    public static final int OWNERSHIP_OUT = 1;
    public static final int INVALIDATIONS_IN = 2;
    public static final int MESSAGES_IN = 3;
    public static final int MESSAGES_OUT = 4;
    public static final int BYTES_IN = 5;
    public static final int BYTES_OUT = 6;
    public static final int READ_FAULTS = 7;
    public static final int WRITE_FAULTS = 8;
    public static final int BLOCKED_NS = 9;
    public static final int COUNTERS = 10;

    private final AtomicLongArray counters = new AtomicLongArray(COUNTERS);
    /** Object level, on block 0 only: reads of slot i at 2i, writes at 2i + 1; null until the first access. */
    private volatile AtomicLongArray fieldAccess;

    public void add(final int counter, final long delta)
    {
        counters.addAndGet(counter, delta);
    }

    public long get(final int counter)
    {
        return counters.get(counter);
    }

    /** Counts one access of slot {@code slot} of an object with {@code slots} slots. */
    public void touch(final int slot, final boolean write, final int slots)
    {
        AtomicLongArray a = fieldAccess;
        if (a == null)
        {
            synchronized (this)
            {
                a = fieldAccess;
                if (a == null)
                {
                    a = new AtomicLongArray(2 * slots);
                    fieldAccess = a;
                }
            }
        }
        a.incrementAndGet(2 * slot + (write ? 1 : 0));
    }

    /** Reads (write false) or writes of one slot counted so far. */
    public long accesses(final int slot, final boolean write)
    {
        final AtomicLongArray a = fieldAccess;
        return a == null ? 0 : a.get(2 * slot + (write ? 1 : 0));
    }
}
