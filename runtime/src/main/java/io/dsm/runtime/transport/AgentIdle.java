package io.dsm.runtime.transport;

import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.agrona.concurrent.IdleStrategy;

/**
 * A node agent's idle strategy, and the way other threads wake that agent when they need it: an
 * application thread that sent a request (the agent runs the media driver that puts it on the
 * wire, and will handle the answer) or queued a frame to its own node.
 */
public final class AgentIdle
{
    private final IdleStrategy strategy;
    private final AdaptiveIdleStrategy adaptive;
    private volatile Thread agent;
    /** Held by whichever thread runs the agent's duty cycle: the agent's, or an application thread waiting for an answer. */
    private final ReentrantLock dutyCycle = new ReentrantLock();

    private AgentIdle(final IdleStrategy strategy)
    {
        this.strategy = strategy;
        this.adaptive = strategy instanceof AdaptiveIdleStrategy ? (AdaptiveIdleStrategy)strategy : null;
    }

    /**
     * {@code name} as in {@link IdleStrategies#forName}; hotUs, maxParkUs and sockets (the node's own
     * UDP sockets to sleep on, or null) apply to {@code adaptive}.
     */
    public static AgentIdle forName(final String name, final long hotUs, final long maxParkUs, final SocketWait sockets)
    {
        return new AgentIdle(
            "adaptive".equals(name) ? AdaptiveIdleStrategy.of(hotUs, maxParkUs, sockets) : IdleStrategies.forName(name));
    }

    /** The adaptive strategy when the node sleeps on its own sockets, so waiting threads can run its duty cycle; else null. */
    public AdaptiveIdleStrategy socketWaiting()
    {
        return adaptive != null && adaptive.hasSockets() ? adaptive : null;
    }

    public IdleStrategy strategy()
    {
        return strategy;
    }

    /** The thread that runs the agent with this strategy. */
    public void agentThread(final Thread thread)
    {
        agent = thread;
    }

    public ReentrantLock dutyCycle()
    {
        return dutyCycle;
    }

    /** Whether the calling thread runs the duty cycle now (so it need not wake the agent). */
    public boolean runsDutyCycle()
    {
        return dutyCycle.isHeldByCurrentThread();
    }

    /** Any thread but the agent's: the agent has work soon; unpark it if it parks. */
    public void wake()
    {
        if (adaptive != null)
        {
            adaptive.wake();
            return;
        }
        final Thread t = agent;
        if (t != null)
        {
            LockSupport.unpark(t);
        }
    }
}
