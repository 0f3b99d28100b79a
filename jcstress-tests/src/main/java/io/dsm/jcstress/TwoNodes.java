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
 * check fails, and every test reports an error instead of passing vacuously. (jcstress.jar does
 * not contain the runtime: the agent jar brings it, so without the agent the runtime classes are
 * missing altogether, which is reported as an error too.)
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
        final DsmCluster cluster;
        try
        {
            cluster = DsmCluster.start(2);
        }
        catch (final LinkageError ex)
        {
            // jcstress 0.16 reports a test whose set-up throws NoClassDefFoundError as SKIPPED and
            // exits 0; an ExceptionInInitializerError (this exception, thrown from <clinit>) is an ERROR.
            throw new IllegalStateException("the dsm runtime is not on the class path; " + AGENT_HINT, ex);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "dsm-jcstress-cluster-close"));
        final int seen;
        try
        {
            final Probe p0 = cluster.node(WRITER_NODE).root("jcstress-probe", Probe::new);
            final Probe p1 = cluster.node(READER_NODE).root("jcstress-probe", Probe::new);
            p0.value = 42;
            seen = p1.value;
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalStateException("a write on node 0 is not seen on node 1 (" + ex + "); " + AGENT_HINT, ex);
        }
        if (seen != 42)
        {
            throw new IllegalStateException("a write on node 0 is not seen on node 1 (node 1 read " + seen +
                " after node 0 wrote 42); " + AGENT_HINT);
        }
        return cluster;
    }

    private static final String AGENT_HINT = "is the dsm agent attached to this VM? Run through run-jcstress.sh, " +
        "or pass -jvmArgsPrepend \"-javaagent:agent/target/dsm-agent.jar --add-exports java.base/jdk.internal.misc=ALL-UNNAMED ...\" to jcstress";

    /** The object of the start-up check. */
    @Shared
    static class Probe
    {
        volatile int value;
    }
}
