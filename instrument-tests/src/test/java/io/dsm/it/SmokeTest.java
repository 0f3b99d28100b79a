package io.dsm.it;

import io.dsm.it.model.Counter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import io.dsm.runtime.DsmCluster;

class SmokeTest
{
    @Test
    void writeOnOneNodeIsReadOnAnother()
    {
        try (DsmCluster cluster = DsmCluster.start(3))
        {
            final Counter c0 = cluster.node(0).root("c", Counter::new);
            final Counter c1 = cluster.node(1).root("c", Counter::new);
            final Counter c2 = cluster.node(2).root("c", Counter::new);
            c0.value = 42;
            assertEquals(42, c1.value);
            assertEquals(42, c2.value);
            c2.value = 7;
            assertEquals(7, c0.value);
            assertEquals(7, c1.value);
            System.out.println(cluster.node(0) + "\n" + cluster.node(1) + "\n" + cluster.node(2));
        }
    }
}
