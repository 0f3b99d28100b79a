package io.dsm.runtime.transport;

import java.util.concurrent.locks.LockSupport;

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

    public IdleStrategy strategy()
    {
        return strategy;
    }

    /** The thread that runs the agent with this strategy. */
    public void agentThread(final Thread thread)
    {
        agent = thread;
    }

    public boolean isAgentThread(final Thread thread)
    {
        return thread == agent;
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
