package io.dsm.api;

import java.util.function.Supplier;

/** This JVM's member of the cluster, as an application sees it. */
public interface Node
{
    /** The node's id, one of the ids in {@code dsm.nodes}. */
    int id();

    /**
     * The cluster-wide root named {@code name}: the existing object if some node bound it, else
     * the one {@code supplier} makes (if two nodes race, the first binding wins everywhere).
     */
    <T> T root(String name, Supplier<T> supplier);

    /** Binds {@code value} to {@code name} unless the name is bound already; returns the winner. */
    Object bindRoot(String name, Object value);

    /**
     * The nodes this node has declared dead (they stopped answering for {@code dsm.failure.timeout.ms}),
     * ascending; empty while every member is alive. A dead node never rejoins the running cluster.
     */
    java.util.Set<Integer> deadNodes();
}
