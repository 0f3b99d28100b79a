package io.dsm.jcstress;

import io.dsm.api.Shared;
import io.dsm.runtime.DsmCluster;
import io.dsm.runtime.DsmNode;

/**
 * The two-node cluster of one forked jcstress VM: started once, when the first test class
 * touches it, and kept for the VM's lifetime (starting Aeron and two nodes per {@code @State}
 * would cost milliseconds where jcstress allows microseconds). A shutdown hook closes it, which
 * also deletes its {@code /dev/shm/dsm-cluster-<pid>-N} directory.
 *
 * <p>Before any test runs, a probe checks that a write through node 0's replica is seen through
 * node 1's replica: without the dsm agent the replicas are two unrelated plain objects, the
 * check fails, and every test reports an error instead of passing vacuously.
 */
final class TwoNodes
{
    /** Node of the writing actor(s). Node 0 is also the central manager. */
    static final int WRITER_NODE = 0;
    /** Node of the reading actor(s). */
    static final int READER_NODE = 1;

    private static final DsmCluster CLUSTER = start();

    private TwoNodes()
    {
    }

    static DsmNode node(final int id)
    {
        return CLUSTER.node(id);
    }

    private static DsmCluster start()
    {
        final DsmCluster cluster = DsmCluster.start(2);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "dsm-jcstress-cluster-close"));
        final Probe p0 = cluster.node(WRITER_NODE).root("jcstress-probe", Probe::new);
        final Probe p1 = cluster.node(READER_NODE).root("jcstress-probe", Probe::new);
        if (p0 == p1)
        {
            throw new IllegalStateException("node 0 and node 1 returned the same object for one root");
        }
        p0.value = 42;
        final int seen = p1.value;
        if (seen != 42)
        {
            throw new IllegalStateException("node 1 read " + seen + " after node 0 wrote 42: the dsm agent is not attached " +
                "to this VM (run through run-jcstress.sh, or pass -jvmArgsPrepend \"-javaagent:dsm-agent.jar ...\")");
        }
        return cluster;
    }

    /** The object of the start-up check. */
    @Shared
    static class Probe
    {
        volatile int value;
    }
}
