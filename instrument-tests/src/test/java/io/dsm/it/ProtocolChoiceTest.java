package io.dsm.it;

import io.dsm.it.model.Counter;
import io.dsm.it.model.Token;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import io.dsm.runtime.DsmCluster;

/** Classes of one application may use different protocols: the annotation wins over the cluster default. */
@Timeout(60)
class ProtocolChoiceTest
{
    private static long grants(final DsmCluster cluster, final int node)
    {
        return cluster.node(node).counters().sent("BlockGrant");
    }

    @Test
    void annotatedClassMigratesWhileDefaultClassReplicates()
    {
        try (DsmCluster cluster = DsmCluster.start(2))
        {
            // default (ivy-forwarding-manager): after node 1 reads, node 0 keeps a read copy
            final Counter c0 = cluster.node(0).root("counter", Counter::new);
            final Counter c1 = cluster.node(1).root("counter", Counter::new);
            c0.value = 5;
            assertEquals(5, c1.value);
            final long before = grants(cluster, 1);
            assertEquals(5, c0.value);
            assertEquals(before, grants(cluster, 1), "read replication: the owner still has its copy");

            // @Shared(protocol = MIGRATION): a read on node 1 takes the only copy away from node 0
            final Token t0 = cluster.node(0).root("token", Token::new);
            final Token t1 = cluster.node(1).root("token", Token::new);
            t0.holder = 1;
            assertEquals(1, t1.holder);
            final long beforeToken = grants(cluster, 1);
            assertEquals(1, t0.holder);
            assertEquals(beforeToken + 1, grants(cluster, 1), "migration: node 1 had to send the block back");
        }
    }
}
