package io.dsm.benchmarks.locks;

import java.util.Locale;

import io.dsm.runtime.wire.MessageCounters;

/**
 * Messages sent by type (indexed like {@link MessageCounters#TYPES}) and lock statistics, of one
 * node or summed over several; the difference of two snapshots is what happened in between.
 * Lock messages are the types named {@code Lock*}; every other message is a data message (a
 * fault, an invalidation, a field write, ...).
 */
final class Counts
{
    static final int CACHED = 0;
    static final int QUEUED = 1;
    static final int TOKENS_IN = 2;
    static final int TOKENS_OUT = 3;
    static final int ERRORS = 4;
    static final int DROPPED = 5;
    static final int EXTRA = 6;
    private static final int T = MessageCounters.TYPES.length;

    final long[] v;

    Counts(final long[] v)
    {
        if (v.length != T + EXTRA)
        {
            throw new IllegalArgumentException("expected " + (T + EXTRA) + " counters, got " + v.length +
                " (do both JVMs run the same agent jar?)");
        }
        this.v = v;
    }

    static Counts zero()
    {
        return new Counts(new long[T + EXTRA]);
    }

    Counts plus(final Counts o)
    {
        final long[] r = v.clone();
        for (int i = 0; i < r.length; i++)
        {
            r[i] += o.v[i];
        }
        return new Counts(r);
    }

    Counts minus(final Counts o)
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

    long lockMessages()
    {
        long n = 0;
        for (int t = 1; t < T; t++)
        {
            n += isLock(t) ? v[t] : 0;
        }
        return n;
    }

    long dataMessages()
    {
        long n = 0;
        for (int t = 1; t < T; t++)
        {
            n += isLock(t) ? 0 : v[t];
        }
        return n;
    }

    long stat(final int which)
    {
        return v[T + which];
    }

    /** "LockRequest=0.50 LockToken=1.00", per {@code per}, lock or data types only. */
    String breakdown(final boolean lock, final double per)
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
