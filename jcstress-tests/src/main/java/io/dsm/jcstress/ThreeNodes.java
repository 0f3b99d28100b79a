package io.dsm.jcstress;

import io.dsm.runtime.DsmCluster;
import io.dsm.runtime.DsmNode;

/**
 * A three-node cluster, started only by the tests that need a third node: under
 * {@code full-replication} a lock hand-off between nodes 1 and 2 races with the updates that the
 * sequencer (node 0) sends them, which two nodes cannot show (the sequencer's updates and its own
 * hand-offs share one stream). Same configuration as {@link TwoNodes}.
 */
final class ThreeNodes
{
    static final int SIZE = 3;

    private static final DsmCluster CLUSTER = start();

    private ThreeNodes()
    {
    }

    static DsmNode node(final int id)
    {
        return CLUSTER.node(id);
    }

    private static DsmCluster start()
    {
        final DsmCluster cluster = DsmCluster.start(SIZE, TwoNodes.overrides());
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "dsm-jcstress-cluster3-close"));
        return cluster;
    }
}
