package io.dsm.runtime;

import io.dsm.api.Dsm;
import io.dsm.runtime.block.StaticRoots;
import io.dsm.runtime.sync.Monitors;

/** Holds the node that the agent started for this JVM, if any. */
public final class DsmRuntime
{
    private static volatile DsmNode defaultNode;
    private static volatile java.lang.instrument.Instrumentation instrumentation;

    private DsmRuntime()
    {
    }

    public static DsmNode defaultNode()
    {
        return defaultNode;
    }

    /** The agent's instrumentation, for measuring object sizes; null without the agent. */
    public static java.lang.instrument.Instrumentation instrumentation()
    {
        return instrumentation;
    }

    public static void instrumentation(final java.lang.instrument.Instrumentation inst)
    {
        instrumentation = inst;
    }

    /** Installs the JVM's node; it is closed (leaving the cluster cleanly) when the JVM exits. */
    public static synchronized void install(final DsmNode node)
    {
        if (defaultNode != null)
        {
            throw new IllegalStateException("a dsm node is already running in this JVM: node " + defaultNode.id());
        }
        defaultNode = node;
        Dsm.attach(node);
        StaticRoots.install(node::bindRoot);
        Monitors.installClassLocks(node.monitors());
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "dsm-node-" + node.id() + "-leave"));
    }
}
