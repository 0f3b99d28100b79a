package io.dsm.benchmarks.idle;

import io.dsm.api.Dsm;

/** The part of {@link IdleMain} that needs the dsm runtime (kept apart so the plain JVM never loads it). */
final class IdleNodeSide
{
    static final String ROOT = "idle-cpu-cell";

    private IdleNodeSide()
    {
    }

    /**
     * Binds the cluster-wide root (the first node to get there wins) and reads its field, which on
     * every node but the owner is a read fault; returns what to print on the ready line.
     */
    static String bindAndRead()
    {
        final int id = Dsm.node().id();
        final IdleCell cell = Dsm.root(ROOT, IdleCell::new);
        final long value = cell.value;
        return "node " + id + " root '" + ROOT + "' bound, read " + value;
    }
}
