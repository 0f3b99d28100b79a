package io.dsm.examples.chaos;

import io.dsm.api.Shared;

/**
 * One cell of the chaos workload: a value and a checksum of it, written together under a sequence
 * number (a seqlock), so a reader can tell a whole write from a mixed one.
 *
 * <p>Every cell has exactly one writer thread in the cluster at a time. A write makes {@code seq}
 * odd, stores {@code value}, {@code check} and {@code writer}, and makes {@code seq} even again;
 * every field is volatile (sequentially consistent across nodes), so a read that sees the same even
 * {@code seq} before and after reading the others saw one whole write, and its {@code check} must
 * equal {@link #mix(long, int)} of its value and the cell's index: anything else is torn or mixed
 * data. An odd {@code seq} that never changes again is a write its node died in the middle of.
 */
@Shared
public class ChaosCell
{
    /** The cell's global index (creator * cells + k): ties the checksum to this cell. */
    private final int index;
    private volatile int seq;
    private volatile long value;
    private volatile long check;
    private volatile int writer;

    public ChaosCell(final int index, final int creator)
    {
        this.index = index;
        this.value = 0;
        this.check = mix(0, index);
        this.writer = creator;
    }

    /** Writes {@code newValue} as node {@code node}; only the cell's one writer calls it. */
    public void write(final long newValue, final int node)
    {
        final int s = seq & ~1; // even again if an earlier write stopped half-way (an exception between its stores)
        seq = s + 1;
        value = newValue;
        check = mix(newValue, index);
        writer = node;
        seq = s + 2;
    }

    /**
     * Reads the cell, retrying while a write is in progress, for at most {@code maxWaitNs}; the
     * snapshot says whether it is of one whole write ({@link Snapshot#stable}).
     */
    public Snapshot read(final long maxWaitNs)
    {
        final long deadline = System.nanoTime() + maxWaitNs;
        int attempt = 0;
        while (true)
        {
            final int s1 = seq;
            final long v = value;
            final long c = check;
            final int w = writer;
            final int i = index;
            final int s2 = seq;
            final boolean stable = s1 == s2 && (s1 & 1) == 0;
            if (stable || System.nanoTime() - deadline > 0)
            {
                return new Snapshot(i, s1, s2, v, c, w, stable);
            }
            attempt++;
            if (attempt < 50)
            {
                Thread.onSpinWait();
            }
            else if (attempt < 200)
            {
                Thread.yield();
            }
            else
            {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000);
            }
        }
    }

    /** The checksum of {@code value} in cell {@code index} (SplitMix64's finaliser over both). */
    public static long mix(final long value, final int index)
    {
        long z = value * 0x9E3779B97F4A7C15L + index * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** What one read of a cell saw. */
    public static final class Snapshot
    {
        public final int index;
        public final int seqBefore;
        public final int seqAfter;
        public final long value;
        public final long check;
        public final int writer;
        /** The same even sequence number before and after: one whole write was read. */
        public final boolean stable;

        Snapshot(final int index, final int seqBefore, final int seqAfter, final long value, final long check,
            final int writer, final boolean stable)
        {
            this.index = index;
            this.seqBefore = seqBefore;
            this.seqAfter = seqAfter;
            this.value = value;
            this.check = check;
            this.writer = writer;
            this.stable = stable;
        }

        /** A stable read whose checksum matches its value and cell. */
        public boolean checksumOk()
        {
            return check == mix(value, index);
        }

        @Override
        public String toString()
        {
            return "value=" + value + " writer=" + writer + " seq=" + seqBefore + (seqAfter != seqBefore ? "/" + seqAfter : "") +
                (stable ? "" : " (write in progress)") + (checksumOk() ? "" : " check MISMATCH");
        }
    }
}
