package io.dsm.it;

import io.dsm.api.DsmException;
import io.dsm.it.model.AllTypes;
import io.dsm.it.model.ConfiguredPoint;
import io.dsm.it.model.Counter;
import io.dsm.it.model.Derived;
import io.dsm.it.model.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.dsm.runtime.DsmCluster;
import io.dsm.runtime.DsmNode;

/** Three nodes in one JVM over Aeron IPC: visibility, invalidation, ownership, object graphs. */
@Timeout(60)
class ClusterTest
{
    private static DsmCluster cluster;
    private static int roots;

    @BeforeAll
    static void start()
    {
        cluster = DsmCluster.start(3);
    }

    @AfterAll
    static void stop()
    {
        cluster.close();
    }

    private static String fresh()
    {
        return "root-" + (++roots);
    }

    private static long sent(final int node, final String type)
    {
        return cluster.node(node).counters().sent(type);
    }

    @Test
    void rootsAreOneObjectWithAReplicaPerNode()
    {
        final String name = fresh();
        final Counter c0 = cluster.node(0).root(name, Counter::new);
        final Counter c1 = cluster.node(1).root(name, Counter::new);
        final Counter again = cluster.node(1).root(name, () -> { throw new AssertionError("bound already"); });
        assertNotSame(c0, c1);
        assertSame(c1, again);
    }

    @Test
    void writesAreVisibleOnEveryNode()
    {
        final String name = fresh();
        final Counter c0 = cluster.node(0).root(name, Counter::new);
        final Counter c1 = cluster.node(1).root(name, Counter::new);
        final Counter c2 = cluster.node(2).root(name, Counter::new);
        c1.value = 11;
        c1.label = "one";
        assertEquals(11, c0.value);
        assertEquals(11, c2.value);
        assertEquals("one", c2.label);
        c2.version = 5L;
        assertEquals(5L, c0.version);
        c0.value++;
        assertEquals(12, c1.value);
        assertEquals(12, c2.value);
    }

    @Test
    void everyTypeTravels()
    {
        final String name = fresh();
        final AllTypes t = cluster.node(0).root(name, AllTypes::new);
        t.z = true; t.b = -1; t.c = 'q'; t.s = -2; t.i = -3; t.f = 4.5f; t.j = Long.MIN_VALUE; t.d = -6.25;
        t.vj = Long.MAX_VALUE; t.vd = Double.MIN_VALUE; t.vi = Integer.MIN_VALUE;
        t.text = "日本語 text"; t.boxed = 42; t.color = AllTypes.Color.RED; t.anything = 'c';
        t.other = new AllTypes();
        t.other.text = "inner";
        final AllTypes r = cluster.node(2).root(name, AllTypes::new);
        assertTrue(r.z);
        assertEquals(-1, r.b);
        assertEquals('q', r.c);
        assertEquals(-2, r.s);
        assertEquals(-3, r.i);
        assertEquals(4.5f, r.f);
        assertEquals(Long.MIN_VALUE, r.j);
        assertEquals(-6.25, r.d);
        assertEquals(Long.MAX_VALUE, r.vj);
        assertEquals(Double.MIN_VALUE, r.vd);
        assertEquals(Integer.MIN_VALUE, r.vi);
        assertEquals("日本語 text", r.text);
        assertEquals(42, r.boxed);
        assertSame(AllTypes.Color.RED, r.color);
        assertEquals('c', r.anything);
        assertEquals("inner", r.other.text);
        assertNull(r.other.other);
    }

    @Test
    void readCopiesAreInvalidatedByAWrite()
    {
        final String name = fresh();
        final Counter c0 = cluster.node(0).root(name, Counter::new);
        final Counter c1 = cluster.node(1).root(name, Counter::new);
        final Counter c2 = cluster.node(2).root(name, Counter::new);
        c0.value = 1;
        assertEquals(1, c1.value); // node 1 joins the copyset
        assertEquals(1, c2.value); // node 2 joins the copyset
        final long invalidationsBefore = sent(0, "Invalidate");
        final long acks1 = sent(1, "InvalidateAck");
        final long acks2 = sent(2, "InvalidateAck");
        c0.value = 2;              // owner upgrades: both copies must go
        assertEquals(2, sent(0, "Invalidate") - invalidationsBefore);
        assertEquals(1, sent(1, "InvalidateAck") - acks1);
        assertEquals(1, sent(2, "InvalidateAck") - acks2);
        assertEquals(2, c1.value);
        assertEquals(2, c2.value);
    }

    @Test
    void ownershipMovesToTheWriter()
    {
        final String name = fresh();
        final Counter c0 = cluster.node(0).root(name, Counter::new);
        final Counter c1 = cluster.node(1).root(name, Counter::new);
        c0.value = 1;
        final long grantsBy0 = sent(0, "BlockGrant");
        c1.value = 2;                       // node 1 takes ownership from node 0
        assertEquals(1, sent(0, "BlockGrant") - grantsBy0);
        final long grantsBy1 = sent(1, "BlockGrant");
        c1.value = 3;                       // node 1 owns it now: no messages at all
        c1.value = 4;
        assertEquals(grantsBy1, sent(1, "BlockGrant"));
        assertEquals(4, c0.value);          // node 1, the owner, serves the read
        assertEquals(1, sent(1, "BlockGrant") - grantsBy1);
    }

    @Test
    void objectGraphBuiltOnOneNodeIsWalkedOnAnother()
    {
        final String name = fresh();
        final Node head0 = cluster.node(0).root(name, () -> new Node(0, 20));
        final Node head1 = cluster.node(1).root(name, () -> new Node(-1));
        assertEquals(20, head1.length());
        int i = 0;
        for (Node n = head1; n != null; n = n.next)
        {
            assertEquals(i++, n.index);
            n.visits++;
        }
        // node 1 appends, node 2 walks, node 0 sees the visits of node 1
        Node tail = head1;
        while (tail.next != null)
        {
            tail = tail.next;
        }
        tail.next = new Node(20, 3);
        final Node head2 = cluster.node(2).root(name, () -> new Node(-2));
        assertEquals(23, head2.length());
        for (Node n = head0; n.next != null && n.index < 20; n = n.next)
        {
            assertEquals(1, n.visits);
        }
        // replicas keep identity on their node
        assertSame(head2.next, head2.next);
    }

    @Test
    void inheritedAndConfiguredClassesTravel()
    {
        final String name = fresh();
        final Derived d0 = cluster.node(0).root(name, Derived::new);
        d0.baseValue = 1;
        d0.derivedValue = 2;
        d0.hidden(3);
        d0.baseName("base");
        final Derived d2 = cluster.node(2).root(name, Derived::new);
        assertEquals(1, d2.baseValue);
        assertEquals(2, d2.derivedValue);
        assertEquals(3, d2.hidden());
        assertEquals("base", d2.baseName());

        final String point = fresh();
        final ConfiguredPoint p1 = cluster.node(1).root(point, ConfiguredPoint::new);
        p1.x = 7;
        assertEquals(7, cluster.node(0).root(point, ConfiguredPoint::new).x);
    }

    @Test
    void replicasOfDifferentNodesDoNotMix()
    {
        final String name = fresh();
        final Counter c0 = cluster.node(0).root(name, Counter::new);
        final Counter c1 = cluster.node(1).root(name, Counter::new);
        final DsmException ex = assertThrows(DsmException.class, () -> c0.next = c1);
        assertTrue(ex.getMessage().contains("node 1"), ex.getMessage());
    }

    @Test
    void bookkeepingGrowsWithTouchedBlocksOnly()
    {
        final DsmNode n2 = cluster.node(2);
        final int before = n2.blockCount();
        final String name = fresh();
        cluster.node(0).root(name, () -> new Node(0, 50)); // 50 blocks on node 0
        final Node head = cluster.node(2).root(name, () -> new Node(-1));
        assertEquals(0, head.index);                        // node 2 touched the head only...
        final int after = n2.blockCount();
        assertTrue(after - before <= 2, "node 2 holds " + (after - before) + " new blocks"); // head and its lazy successor
    }
}
