package io.dsm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dsm.it.model.Counter;
import io.dsm.runtime.DsmCluster;
import io.dsm.runtime.config.NodeConfig;

/**
 * Nodes in one JVM whose agents sleep longer and longer while idle (parks double up to an hour):
 * after 8 idle seconds a node's agent sleeps for seconds, and only the sender's wake-up (LocalPeers,
 * for IPC frames) lets a fault complete within the 500 ms fault timeout set here. Without it the
 * first fault after the pause times out.
 */
@Timeout(60)
class SleepingNodesWakeTest
{
    @Test
    void faultsBetweenSleepingNodesComplete() throws InterruptedException
    {
        final Properties p = new Properties();
        p.setProperty(NodeConfig.IDLE_HOT_US, "0");
        p.setProperty(NodeConfig.IDLE_MAX_PARK_US, String.valueOf(TimeUnit.HOURS.toMicros(1)));
        p.setProperty(NodeConfig.FAULT_TIMEOUT_MS, "500");
        // failure detection caps the park at the heartbeat interval; off here, so parks grow to seconds
        p.setProperty(NodeConfig.FAILURE_TIMEOUT_MS, "0");
        try (DsmCluster cluster = DsmCluster.start(2, p))
        {
            final Counter c0 = cluster.node(0).root("sleepy", Counter::new);
            final Counter c1 = cluster.node(1).root("sleepy", Counter::new);
            assertEquals(0, c1.value);   // node 1 holds a copy
            Thread.sleep(8_000);         // both agents fall into sleeps of seconds
            for (int i = 1; i <= 20; i++)
            {
                c0.value = i;            // write fault on node 0 once node 1 has a copy
                assertEquals(i, c1.value); // read fault on node 1
            }
            c1.value = 100;              // ownership moves to node 1
            assertEquals(100, c0.value);
        }
    }
}
