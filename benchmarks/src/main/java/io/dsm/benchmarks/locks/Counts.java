package io.dsm.benchmarks.locks;

import java.util.Arrays;
import java.util.Locale;

import io.dsm.runtime.DsmNode;
import io.dsm.runtime.sync.LockStats;
import io.dsm.runtime.wire.MessageCounters;

/**
 * Messages sent by type (indexed like {@link MessageCounters#TYPES}) and lock statistics, of one
 * node or summed over several; the difference of two snapshots is what happened in between.
 * Lock messages are the types named {@code Lock*}; every other message is a data message (a
 * fault, an invalidation, a field write, ...).
 */
public final class Counts
{
    static final int CACHED = 0;
    static final int QUEUED = 1;
    static final int TOKENS_IN = 2;
    static final int TOKENS_OUT = 3;
    public static final int ERRORS = 4;
    public static final int DROPPED = 5;
    static final int EXTRA = 6;
    private static final int T = MessageCounters.TYPES.length;

    final long[] v;

    public Counts(final long[] v)
    {
        if (v.length != T + EXTRA)
        {
            throw new IllegalArgumentException("expected " + (T + EXTRA) + " counters, got " + v.length +
                " (do both JVMs run the same agent jar?)");
        }
        this.v = v;
    }

    /** This node's counters now, in the layout {@code new Counts(...)} takes: sent by type, then the extras. */
    public static long[] snapshot(final DsmNode node)
    {
        final MessageCounters m = node.counters();
        final LockStats s = node.lockStats();
        final long[] c = m.sentSnapshot();
        final long[] all = Arrays.copyOf(c, c.length + EXTRA);
        all[c.length + CACHED] = s.cachedAcquires();
        all[c.length + QUEUED] = s.queuedAcquires();
        all[c.length + TOKENS_IN] = s.tokensReceived();
        all[c.length + TOKENS_OUT] = s.tokensSent();
        all[c.length + ERRORS] = node.errorCount();
        all[c.length + DROPPED] = m.totalDropped();
        return all;
    }

    public static Counts zero()
    {
        return new Counts(new long[T + EXTRA]);
    }

    public Counts plus(final Counts o)
    {
        final long[] r = v.clone();
        for (int i = 0; i < r.length; i++)
        {
            r[i] += o.v[i];
        }
        return new Counts(r);
    }

    public Counts minus(final Counts o)
    {
        final long[] r = v.clone();
        for (int i = 0; i < r.length; i++)
        {
            r[i] -= o.v[i];
        }
        return new Counts(r);
    }

    static boolean isLock(final int type)
    {
        return MessageCounters.TYPES[type].startsWith("Lock");
    }

    public long lockMessages()
    {
        long n = 0;
        for (int t = 1; t < T; t++)
        {
            n += isLock(t) ? v[t] : 0;
        }
        return n;
    }

    public long dataMessages()
    {
        long n = 0;
        for (int t = 1; t < T; t++)
        {
            n += isLock(t) ? 0 : v[t];
        }
        return n;
    }

    public long stat(final int which)
    {
        return v[T + which];
    }

    /** "LockRequest=0.50 LockToken=1.00", per {@code per}, lock or data types only. */
    public String breakdown(final boolean lock, final double per)
    {
        final StringBuilder sb = new StringBuilder();
        for (int t = 1; t < T; t++)
        {
            if (v[t] != 0 && isLock(t) == lock)
            {
                sb.append(sb.length() == 0 ? "" : " ").append(MessageCounters.TYPES[t]).append('=')
                    .append(String.format(Locale.ROOT, "%.2f", v[t] / per));
            }
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }
}
