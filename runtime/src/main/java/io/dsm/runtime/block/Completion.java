package io.dsm.runtime.block;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.dsm.api.DsmException;
import io.dsm.api.DsmTimeoutException;

/**
 * A one-shot event that any number of local threads wait on and the protocol agent completes,
 * optionally with a result or a failure: a block fault, a root lookup, the acknowledgement of a
 * value-carrying write, an injected frame. Waiters spin briefly, then park.
 */
public final class Completion
{
    /**
     * Spin briefly, then yield for about as long as a few round trips take (a yielding waiter
     * leaves the CPU to the protocol agents that serve the fault, which matters on 2 cores, and
     * notices the answer within microseconds), then park.
     */
    private static final long SPIN_NS = TimeUnit.MICROSECONDS.toNanos(2);
    private static final long YIELD_NS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final long PARK_NS = TimeUnit.MICROSECONDS.toNanos(200);

    private volatile boolean done;
    private volatile boolean servedOnce;
    private volatile String failure;
    private volatile long resultId;
    private volatile String resultClass;
    private Thread[] waiters = new Thread[2];
    private int waiterCount;
    /** The thread that must send the request this completion answers (faults only). */
    private final Thread requester;

    public Completion()
    {
        this(null);
    }

    private Completion(final Thread requester)
    {
        this.requester = requester;
    }

    static Completion requestedByCurrentThread()
    {
        return new Completion(Thread.currentThread());
    }

    /** Whether {@code t} started the fault this completes, and so must send its request. */
    public boolean requestedBy(final Thread t)
    {
        return requester == t;
    }

    public boolean isDone()
    {
        return done;
    }

    public void complete()
    {
        done = true;
        wakeAll();
    }

    /** Completes a fault whose data was installed for this one access, without granting access (central server). */
    public void completeOnce()
    {
        servedOnce = true;
        complete();
    }

    public boolean servedOnce()
    {
        return servedOnce;
    }

    public void complete(final long id, final String className)
    {
        resultId = id;
        resultClass = className;
        complete();
    }

    public void fail(final String reason)
    {
        failure = reason;
        complete();
    }

    public long resultId()
    {
        return resultId;
    }

    public String resultClass()
    {
        return resultClass;
    }

    /**
     * Waits until completed or the deadline passes.
     *
     * @param timeoutMessage what the exception says when nobody answered in time
     */
    public void await(final long deadlineNs, final String timeoutMessage)
    {
        final long start = System.nanoTime();
        while (!done && System.nanoTime() - start < SPIN_NS)
        {
            Thread.onSpinWait();
        }
        while (!done && System.nanoTime() - start < YIELD_NS)
        {
            Thread.yield();
        }
        if (!done)
        {
            register(Thread.currentThread());
            while (!done)
            {
                final long left = deadlineNs - System.nanoTime();
                if (left <= 0)
                {
                    throw new DsmTimeoutException(timeoutMessage);
                }
                LockSupport.parkNanos(this, Math.min(left, PARK_NS));
            }
        }
        final String f = failure;
        if (f != null)
        {
            throw new DsmException(f);
        }
    }

    private synchronized void register(final Thread t)
    {
        if (waiterCount == waiters.length)
        {
            waiters = java.util.Arrays.copyOf(waiters, waiterCount * 2);
        }
        waiters[waiterCount++] = t;
    }

    private synchronized void wakeAll()
    {
        for (int i = 0; i < waiterCount; i++)
        {
            LockSupport.unpark(waiters[i]);
        }
    }
}
