package io.dsm.it;

import java.util.Properties;

import io.dsm.api.DsmTimeoutException;
import io.dsm.it.model.Counter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.dsm.runtime.DsmCluster;
import io.dsm.runtime.config.NodeConfig;

/**
 * A peer that stops answering while failure detection is off: the faulting thread gets an exception
 * after the fault timeout instead of waiting forever (with detection on, see
 * {@code failure.NodeDeathRecoveryTest}).
 */
@Timeout(60)
class FailureTest
{
    @Test
    void faultOnBlockOwnedByADeadNodeTimesOutNamingNodeAndBlock()
    {
        final Properties p = new Properties();
        p.setProperty(NodeConfig.FAULT_TIMEOUT_MS, "700");
        p.setProperty(NodeConfig.LEAVE_TIMEOUT_MS, "1000");
        p.setProperty(NodeConfig.FAILURE_TIMEOUT_MS, "0");
        try (DsmCluster cluster = DsmCluster.start(3, p))
        {
            final Counter c1 = cluster.node(1).root("c", Counter::new); // created, and owned, by node 1
            c1.value = 3;
            final Counter c0 = cluster.node(0).root("c", Counter::new);
            final Counter c2 = cluster.node(2).root("c", Counter::new);
            assertEquals(3, c2.value);
            c1.value = 4;                      // node 1 owns the only valid copy again
            cluster.kill(1);

            final DsmTimeoutException onManager = assertThrows(DsmTimeoutException.class, () -> System.out.println(c0.value));
            assertTrue(onManager.getMessage().contains("owner node 1"), onManager.getMessage());
            assertTrue(onManager.getMessage().contains(Counter.class.getName()), onManager.getMessage());
            assertTrue(onManager.getMessage().contains("700 ms"), onManager.getMessage());

            final DsmTimeoutException onOther = assertThrows(DsmTimeoutException.class, () -> c2.value = 9);
            assertTrue(onOther.getMessage().contains("node 2"), onOther.getMessage());
            assertTrue(onOther.getMessage().contains("block 1:"), onOther.getMessage());
        }
    }
}
