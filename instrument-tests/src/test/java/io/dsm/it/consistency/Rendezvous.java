package io.dsm.it.consistency;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Releases the threads of a round together; every wait is bounded. It is a JVM object outside the
 * DSM: it only lines the threads up in time, the tests never rely on it to make values visible.
 */
final class Rendezvous
{
    private final CyclicBarrier barrier;
    private final long timeoutMs;

    Rendezvous(final int parties, final long timeoutMs)
    {
        this.barrier = new CyclicBarrier(parties);
        this.timeoutMs = timeoutMs;
    }

    void await(final int round)
    {
        try
        {
            barrier.await(timeoutMs, TimeUnit.MILLISECONDS);
        }
        catch (final TimeoutException ex)
        {
            throw new AssertionError("round " + round + ": not all " + barrier.getParties() +
                " threads reached the rendezvous within " + timeoutMs + " ms", ex);
        }
        catch (final BrokenBarrierException ex)
        {
            throw new IllegalStateException("round " + round + ": rendezvous broken, another thread failed", ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("round " + round + ": interrupted at the rendezvous", ex);
        }
    }

    /** Wakes every waiting thread with a failure, so one thread's failure ends the run at once. */
    void abort()
    {
        barrier.reset();
    }
}
