package io.dsm.runtime.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.IdleStrategy;

/**
 * The node agent's idle strategy: hot while there is work, cold when there is none.
 * <ul>
 *   <li>Hot, for {@code hotNs} after the last duty cycle that did work or the last {@link #wake()}:
 *   {@code Thread.yield()} on every idle cycle. A node that just served a request
 *   or sent one answers the next message within microseconds, and on a 2-core machine a yielding
 *   thread still leaves the CPU to the application and the other JVM.</li>
 *   <li>Cold, with the node's UDP sockets ({@link SocketWait}): sleeps in the kernel until a datagram
 *   arrives or {@code maxParkNs} passes (rounded to whole milliseconds), so a message to an idle
 *   node is read at once and an idle node wakes only for the driver's housekeeping.</li>
 *   <li>Cold, without sockets (nodes in one JVM over IPC): parks, starting at {@code minParkNs} and
 *   doubling up to {@code maxParkNs}; the node that sends it a frame wakes it ({@link LocalPeers}).</li>
 * </ul>
 * An application thread that needs the agent (it sent a request and will wait for the answer, or
 * queued a frame to its own node) calls {@link #wake()}, which wakes the agent at once and keeps
 * it hot for {@code hotNs}.
 */
public final class AdaptiveIdleStrategy implements IdleStrategy
{
    private final long hotNs;
    private final long minParkNs;
    private final long maxParkNs;
    /** Last {@link #wake()}, by any thread. */
    private volatile long wokenAt;
    /** A {@link #wake()} the agent has not answered with a duty cycle yet. */
    private volatile boolean woken;
    /** The agent thread while it is parked (null otherwise): {@link #wake()} unparks it. */
    private volatile Thread parked;
    /** The node's sockets to sleep on, or null. */
    private final SocketWait sockets;
    private final long socketWaitMs;
    /** Agent thread only. */
    private long workedAt = System.nanoTime();
    private long parkNs;

    public AdaptiveIdleStrategy(final long hotNs, final long minParkNs, final long maxParkNs)
    {
        this(hotNs, minParkNs, maxParkNs, null);
    }

    public AdaptiveIdleStrategy(final long hotNs, final long minParkNs, final long maxParkNs, final SocketWait sockets)
    {
        if (hotNs < 0 || minParkNs < 1 || maxParkNs < minParkNs)
        {
            throw new IllegalArgumentException("need hotNs >= 0 and 1 <= minParkNs <= maxParkNs, got " +
                hotNs + ", " + minParkNs + ", " + maxParkNs);
        }
        this.hotNs = hotNs;
        this.minParkNs = minParkNs;
        this.maxParkNs = maxParkNs;
        this.parkNs = minParkNs;
        this.wokenAt = System.nanoTime() - hotNs;
        this.sockets = sockets;
        this.socketWaitMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(maxParkNs));
    }

    /** Hot for {@code hotUs}; then parks of 20 us doubling up to {@code maxParkUs}, or waits on {@code sockets} if not null. */
    public static AdaptiveIdleStrategy of(final long hotUs, final long maxParkUs, final SocketWait sockets)
    {
        final long max = TimeUnit.MICROSECONDS.toNanos(maxParkUs);
        return new AdaptiveIdleStrategy(
            TimeUnit.MICROSECONDS.toNanos(hotUs), Math.min(TimeUnit.MICROSECONDS.toNanos(20), max), max, sockets);
    }

    /** Any thread: the agent is needed soon; unpark it if it is parked and keep it hot for a while. */
    public void wake()
    {
        wokenAt = System.nanoTime();
        woken = true;
        final Thread t = parked;
        if (t != null)
        {
            if (sockets != null)
            {
                sockets.wakeup();
            }
            else
            {
                LockSupport.unpark(t);
            }
        }
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            workedAt = System.nanoTime();
            reset();
            return;
        }
        idle();
    }

    @Override
    public void idle()
    {
        if (woken)
        {
            // woken while the last duty cycle ran or before it: run another before sleeping
            woken = false;
            return;
        }
        final long now = System.nanoTime();
        if (isHot(now))
        {
            // yield at once, never spin: on 2 cores a spinning agent keeps the thread it just woke
            // (the faulting one) off the CPU; 20 spins before yielding made faults 3-4x slower
            parkNs = minParkNs;
            Thread.yield();
            return;
        }
        // publish that we park, then look again: wake() writes woken before reading parked, so
        // either it sees this thread and wakes it, or this thread sees its mark (no lost wake-up)
        parked = Thread.currentThread();
        if (!woken && !isHot(now))
        {
            if (sockets != null)
            {
                sockets.await(socketWaitMs);
            }
            else
            {
                LockSupport.parkNanos(this, parkNs);
                parkNs = Math.min(parkNs << 1, maxParkNs);
            }
        }
        parked = null;
    }

    private boolean isHot(final long now)
    {
        return now - workedAt < hotNs || now - wokenAt < hotNs;
    }

    @Override
    public void reset()
    {
        parkNs = minParkNs;
    }

    @Override
    public String alias()
    {
        return "adaptive";
    }
}
