package io.dsm.api;

import java.util.function.Supplier;

/** The small public API for the cases that annotations do not cover. */
public final class Dsm
{
    private static volatile Node node;

    private Dsm()
    {
    }

    /**
     * The cluster-wide root named {@code name}: the existing object if some node bound it, else
     * the one {@code supplier} makes (if two nodes race, the first binding wins everywhere).
     *
     * @throws DsmException if this JVM runs no node (start it with -javaagent:dsm-agent.jar=<config>)
     */
    public static <T> T root(final String name, final Supplier<T> supplier)
    {
        return node().root(name, supplier);
    }

    /** This JVM's node. */
    public static Node node()
    {
        final Node n = node;
        if (n == null)
        {
            throw new DsmException("no dsm node runs in this JVM: start it with " +
                "-javaagent:dsm-agent.jar=<config file> where the file sets dsm.nodes and dsm.node.id");
        }
        return n;
    }

    /** True when a node runs in this JVM. */
    public static boolean isRunning()
    {
        return node != null;
    }

    /**
     * Called once by the runtime when the agent has started this JVM's node; applications never
     * call it (the API sees nothing of the runtime, so the runtime hands its node in).
     */
    public static synchronized void attach(final Node started)
    {
        if (node != null)
        {
            throw new IllegalStateException("a dsm node is already running in this JVM: node " + node.id());
        }
        node = started;
    }
}
