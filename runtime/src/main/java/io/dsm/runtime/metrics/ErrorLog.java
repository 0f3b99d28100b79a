package io.dsm.runtime.metrics;

import java.util.concurrent.atomic.AtomicLong;

/** Errors a node survived: counted and reported on standard error, never swallowed silently. */
public final class ErrorLog
{
    private final String prefix;
    private final AtomicLong count = new AtomicLong();

    public ErrorLog(final String prefix)
    {
        this.prefix = prefix;
    }

    public void record(final String context, final Throwable error)
    {
        final long n = count.incrementAndGet();
        if (n <= 20)
        {
            System.err.println(prefix + " error while " + context + ": " + error);
        }
        else if (n == 21)
        {
            System.err.println(prefix + " more errors follow; only counted from now on");
        }
    }

    public void record(final Throwable error)
    {
        record("running", error);
    }

    public long count()
    {
        return count.get();
    }
}
