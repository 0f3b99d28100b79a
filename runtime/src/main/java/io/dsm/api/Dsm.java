package io.dsm.api;

import java.util.function.Supplier;

import io.dsm.runtime.DsmNode;
import io.dsm.runtime.DsmRuntime;

/** The small public API for the cases that annotations do not cover. */
public final class Dsm
{
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
    public static DsmNode node()
    {
        final DsmNode node = DsmRuntime.defaultNode();
        if (node == null)
        {
            throw new DsmException("no dsm node runs in this JVM: start it with " +
                "-javaagent:dsm-agent.jar=<config file> where the file sets dsm.nodes and dsm.node.id");
        }
        return node;
    }

    /** True when a node runs in this JVM. */
    public static boolean isRunning()
    {
        return DsmRuntime.defaultNode() != null;
    }
}
