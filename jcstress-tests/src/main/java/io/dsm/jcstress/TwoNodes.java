package io.dsm.jcstress;

import java.util.Properties;

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
 *
 * <h2>Which protocol: the one seam</h2>
 *
 * Every test reaches the cluster through this class, and this class builds the cluster's
 * configuration in one place, {@link #overrides()}, from two system properties of the forked VM
 * (run-jcstress.sh sets them; see its {@code DSM_PROTOCOLS}):
 * <ul>
 * <li>{@value #PROTOCOL_PROPERTY}: the coherence protocol every test runs against (a
 *     {@code Protocol.configName()} such as {@code migration}), passed to the nodes as
 *     {@value #PROTOCOL_KEY}, so every shared class of the tests uses it. Unset or
 *     {@code default} leaves the runtime's default. An unknown name fails the cluster's start,
 *     so every test reports an error; nothing runs silently against the wrong algorithm.</li>
 * <li>{@value #CONFIG_PROPERTY}: further node configuration as {@code key=value,key=value}
 *     (any key of {@code NodeConfig} that a cluster may set, e.g.
 *     {@code dsm.idle.strategy=yielding}).</li>
 * </ul>
 */
final class TwoNodes
{
    /** Node of the writing actor(s) in the two-node tests. Node 0 is also the central manager. */
    static final int WRITER_NODE = 0;
    /** Node of the reading actor(s). */
    static final int READER_NODE = 1;
    /** Number of nodes in the cluster. */
    static final int SIZE = 2;

    /** System property of the forked VM naming the protocol under test. */
    static final String PROTOCOL_PROPERTY = "dsm.jcstress.protocol";
    /** System property of the forked VM with extra node configuration, {@code key=value,...}. */
    static final String CONFIG_PROPERTY = "dsm.jcstress.config";
    /** The node configuration key the protocol name is passed as. */
    static final String PROTOCOL_KEY = "dsm.protocol";

    private static final DsmCluster CLUSTER = start();

    private TwoNodes()
    {
    }

    static DsmNode node(final int id)
    {
        return CLUSTER.node(id);
    }

    /** The protocol the tests run against, as named on the command line ("default" when unset). */
    static String protocol()
    {
        final String p = System.getProperty(PROTOCOL_PROPERTY, "").trim();
        return p.isEmpty() ? "default" : p;
    }

    /** The configuration every node of the cluster gets on top of the runtime's defaults. */
    static Properties overrides()
    {
        final Properties p = new Properties();
        final String extra = System.getProperty(CONFIG_PROPERTY, "").trim();
        if (!extra.isEmpty())
        {
            for (final String kv : extra.split(","))
            {
                final int eq = kv.indexOf('=');
                if (eq <= 0)
                {
                    throw new IllegalArgumentException(CONFIG_PROPERTY + " must be key=value,key=value; got '" + extra + "'");
                }
                p.setProperty(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        if (!"default".equals(protocol()))
        {
            p.setProperty(PROTOCOL_KEY, protocol());
        }
        return p;
    }

    private static DsmCluster start()
    {
        final DsmCluster cluster;
        try
        {
            cluster = DsmCluster.start(SIZE, overrides());
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
