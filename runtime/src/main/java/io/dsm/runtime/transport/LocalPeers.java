package io.dsm.runtime.transport;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The agents of the nodes that share one JVM (an in-process cluster over IPC), so that a node that
 * sends a frame to another can wake that node's agent at once: an IPC frame lands in the receiver's
 * log buffer without any socket or thread to wake it, and a parked agent would otherwise notice it
 * only when its park ends.
 */
public final class LocalPeers
{
    private final AtomicReferenceArray<AgentIdle> agents = new AtomicReferenceArray<>(64);

    public void register(final int node, final AgentIdle idle)
    {
        agents.set(node, idle);
    }

    /** Wakes node {@code node}'s agent if it runs in this JVM and sleeps. */
    public void wake(final int node)
    {
        final AgentIdle idle = agents.get(node);
        if (idle != null)
        {
            idle.wake();
        }
    }
}
