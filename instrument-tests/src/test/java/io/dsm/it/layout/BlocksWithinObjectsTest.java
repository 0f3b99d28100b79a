package io.dsm.it.layout;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import io.dsm.api.Protocol;
import io.dsm.it.model.SplitPair;
import io.dsm.it.model.SplitRecord;
import io.dsm.it.model.SplitSub;
import io.dsm.runtime.DsmCluster;
import io.dsm.runtime.block.ClassLayout;
import io.dsm.runtime.config.NodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Objects split into several coherence blocks by {@code @Block}, under every protocol. */
@Timeout(120)
class BlocksWithinObjectsTest
{
    private static DsmCluster start(final Protocol protocol, final int nodes)
    {
        final Properties p = new Properties();
        p.setProperty(NodeConfig.PROTOCOL, protocol.configName());
        p.setProperty(NodeConfig.FAULT_TIMEOUT_MS, "20000");
        return DsmCluster.start(nodes, p);
    }

    @Test
    void theAgentSplitsTheClassAsTheAnnotationsSay()
    {
        final ClassLayout layout = ClassLayout.of(SplitPair.class);
        assertEquals(3, layout.blockCount());
        assertEquals("c | a | b", layout.describeBlocks());
        // a subclass's group comes after its superclass's blocks, even with the same name
        final ClassLayout sub = ClassLayout.of(SplitSub.class);
        assertEquals(4, sub.blockCount());
        assertEquals("c,subPlain | a | b | subA", sub.describeBlocks());
        assertEquals(3, ClassLayout.of(SplitRecord.class).blockCount());
    }

    /**
     * Each node writes its own field and then reads the other's: the grant of one block must
     * carry only that block's fields. A grant that carried the whole object would install the
     * sender's stale copy of the receiver's own field over its newer value, and this test sees the
     * lost write (checked with -Ddsm.test.broken=whole-object-grants).
     */
    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = "DEFAULT", mode = EnumSource.Mode.EXCLUDE)
    void aGrantOfOneBlockNeverCarriesItsNeighbours(final Protocol protocol)
    {
        try (DsmCluster cluster = start(protocol, 2))
        {
            final SplitPair p0 = cluster.node(0).root("split", SplitPair::new);
            final SplitPair p1 = cluster.node(1).root("split", SplitPair::new);
            for (long i = 1; i <= 50; i++)
            {
                p0.a = i;
                p1.b = i;
                p1.c = i;
                awaitValue(() -> p1.a, i, protocol);
                assertEquals(i, p1.a, protocol + ": node 1 reads node 0's a");
                assertEquals(i, p1.b, protocol + ": node 1's own b, after it fetched block a");
                awaitValue(() -> p0.b, i, protocol);
                assertEquals(i, p0.b, protocol + ": node 0 reads node 1's b");
                assertEquals(i, p0.a, protocol + ": node 0's own a, after it fetched block b");
                awaitValue(() -> p0.c, i, protocol);
                assertEquals(i, p0.c, protocol + ": node 0 reads node 1's c");
            }
        }
    }

    /** Two nodes write different blocks of one object concurrently; no write may be lost. */
    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = "DEFAULT", mode = EnumSource.Mode.EXCLUDE)
    void concurrentWritersOfDifferentBlocksLoseNothing(final Protocol protocol) throws Exception
    {
        try (DsmCluster cluster = start(protocol, 2))
        {
            final SplitPair p0 = cluster.node(0).root("pair", SplitPair::new);
            final SplitPair p1 = cluster.node(1).root("pair", SplitPair::new);
            final int n = 300;
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final List<Thread> threads = new ArrayList<>();
            threads.add(new Thread(() -> run(failure, () ->
            {
                for (long i = 1; i <= n; i++)
                {
                    p0.a = i;
                    p0.c = p0.c + 1; // block 0, written by both: its increments must all land
                }
            })));
            threads.add(new Thread(() -> run(failure, () ->
            {
                for (long i = 1; i <= n; i++)
                {
                    p1.b = i;
                    synchronized (p1)
                    {
                        p1.c = p1.c; // reads and writes block 0 under the cluster lock
                    }
                }
            })));
            threads.forEach(Thread::start);
            for (final Thread t : threads)
            {
                t.join(100_000);
            }
            if (failure.get() != null)
            {
                throw new AssertionError(failure.get());
            }
            awaitValue(() -> p1.a, n, protocol);
            awaitValue(() -> p0.b, n, protocol);
            assertEquals(n, p1.a);
            assertEquals(n, p0.b);
            assertEquals(n, p0.a);
            assertEquals(n, p1.b);
        }
    }

    /**
     * Under the protocols that move ownership, nodes that write different blocks of one object
     * stop exchanging it once each holds its own block: the false sharing is gone.
     */
    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = {"DEFAULT", "CENTRAL_SERVER", "FULL_REPLICATION"},
        mode = EnumSource.Mode.EXCLUDE)
    void writersOfDifferentBlocksNoLongerTakeTheObjectFromEachOther(final Protocol protocol)
    {
        try (DsmCluster cluster = start(protocol, 2))
        {
            final SplitPair p0 = cluster.node(0).root("pair", SplitPair::new);
            final SplitPair p1 = cluster.node(1).root("pair", SplitPair::new);
            p0.a = 1;
            p1.b = 1;
            final long grantsBefore = grants(cluster);
            for (long i = 2; i <= 200; i++)
            {
                p0.a = i;
                p1.b = i;
            }
            final long grants = grants(cluster) - grantsBefore;
            assertEquals(0, grants, protocol + ": block grants while each node wrote its own block");
            assertEquals(200, p1.a);
            assertEquals(200, p0.b);
        }
    }

    /** The same loop on one block moves the object on every write: what the split removes. */
    @Test
    void theSameWritesOnOneBlockMoveItEveryTime()
    {
        try (DsmCluster cluster = start(Protocol.IVY_CENTRAL_MANAGER, 2))
        {
            final io.dsm.it.model.Pair p0 = cluster.node(0).root("pair", io.dsm.it.model.Pair::new);
            final io.dsm.it.model.Pair p1 = cluster.node(1).root("pair", io.dsm.it.model.Pair::new);
            p0.a = 1;
            p1.b = 1;
            final long grantsBefore = grants(cluster);
            for (long i = 2; i <= 200; i++)
            {
                p0.a = i;
                p1.b = i;
            }
            assertTrue(grants(cluster) - grantsBefore >= 199 * 2, "each write takes the block from the other node");
        }
    }

    /** A subclass's own group is a block of its own beside the superclass's, across nodes too. */
    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = "DEFAULT", mode = EnumSource.Mode.EXCLUDE)
    void aSubclassesGroupMovesApartFromItsSuperclassesBlocks(final Protocol protocol)
    {
        try (DsmCluster cluster = start(protocol, 2))
        {
            final SplitSub s0 = cluster.node(0).root("sub", SplitSub::new);
            final SplitSub s1 = cluster.node(1).root("sub", SplitSub::new);
            for (long i = 1; i <= 30; i++)
            {
                s0.subA = i;
                s1.a = i;
                s1.subPlain = i;
                final long expected = i;
                awaitValue(() -> s1.subA, expected, protocol);
                assertEquals(i, s1.subA, protocol + ": node 1 reads node 0's subA");
                assertEquals(i, s1.a, protocol + ": node 1's own a");
                awaitValue(() -> s0.subPlain, expected, protocol);
                awaitValue(() -> s0.a, expected, protocol);
                assertEquals(i, s0.subPlain, protocol + ": node 0 reads node 1's subPlain");
                assertEquals(i, s0.a, protocol + ": node 0 reads node 1's a");
                assertEquals(i, s0.subA, protocol + ": node 0's own subA");
            }
        }
    }

    /** An object whose fields span blocks, published by one node, is seen whole by another. */
    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = "DEFAULT", mode = EnumSource.Mode.EXCLUDE)
    void anObjectSpanningBlocksIsPublishedWhole(final Protocol protocol)
    {
        try (DsmCluster cluster = start(protocol, 2))
        {
            final io.dsm.it.model.RefBox h0 = cluster.node(0).root("box", io.dsm.it.model.RefBox::new);
            final io.dsm.it.model.RefBox h1 = cluster.node(1).root("box", io.dsm.it.model.RefBox::new);
            final SplitRecord r = new SplitRecord(42, "forty-two");
            r.data = 7;
            r.ready = true;
            h0.value = r;
            awaitValue(() -> h1.value == null ? 0 : 1, 1, protocol);
            final SplitRecord seen = (SplitRecord)h1.value;
            assertEquals(42, seen.id);
            assertEquals("forty-two", seen.name);
            assertTrue(seen.ready);
            assertEquals(7, seen.data);
        }
    }

    private static long grants(final DsmCluster cluster)
    {
        return cluster.node(0).counters().received("BlockGrant") + cluster.node(1).counters().received("BlockGrant");
    }

    /** Full replication is sequentially consistent, not linearizable: a thread that hops nodes waits, bounded. */
    private static void awaitValue(final LongSupplier read, final long value, final Protocol protocol)
    {
        if (protocol != Protocol.FULL_REPLICATION)
        {
            return;
        }
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (read.getAsLong() != value && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
        }
    }

    private static void run(final AtomicReference<Throwable> failure, final Runnable body)
    {
        try
        {
            body.run();
        }
        catch (final Throwable t)
        {
            failure.compareAndSet(null, t);
        }
    }
}
