package io.dsm.benchmarks.fastpath;

import java.lang.reflect.Method;
import java.util.concurrent.CountDownLatch;

import io.dsm.runtime.DsmCluster;
import io.dsm.runtime.DsmNode;
import io.dsm.runtime.block.WriteMode;

/**
 * Ping-pong of one block between two nodes of an in-process cluster: a thread on node 0
 * increments {@link PingPongCell#a}, a thread on node 1 {@link PingPongCell#b}, for the given
 * seconds (false sharing, as in instrument-tests' FalseSharingRace). Prints block moves per second
 * (BlockGrant messages received by both nodes), increments per second, and the process barriers
 * the revocations issued. Run it with {@code -Ddsm.writes.hot.ms=10} (the default: a block revoked
 * within 10 ms of its grant gets CAS writes), {@code =0} (every move pays the barrier) and
 * {@code -Ddsm.writes=cas}; run-write-path.sh does.
 *
 * <pre>java -javaagent:dsm-agent.jar ... -cp dsm-benchmarks.jar io.dsm.benchmarks.fastpath.PingPongMoves [seconds, default 5]</pre>
 */
public final class PingPongMoves
{
    private static volatile boolean running;

    private PingPongMoves()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        System.out.printf("JDK %s, write mode %s, dsm.writes.hot.ms=%s; load average %s%n", Runtime.version(),
            WriteMode.describe(), System.getProperty("dsm.writes.hot.ms", "10 (default)"), RevocationCost.loadAverage());
        try (DsmCluster cluster = DsmCluster.start(2))
        {
            final DsmNode n0 = cluster.node(0);
            final DsmNode n1 = cluster.node(1);
            final PingPongCell c0 = n0.root("cell", PingPongCell::new);
            final PingPongCell c1 = n1.root("cell", PingPongCell::new);
            // warm-up: the loops compiled, the block moved a few thousand times
            run(c0, c1, 1.0);
            final long grants0 = n0.counters().received("BlockGrant") + n1.counters().received("BlockGrant");
            final long barriers0 = counter("barriers");
            final long start = System.nanoTime();
            final long[] increments = run(c0, c1, seconds);
            final double elapsed = (System.nanoTime() - start) / 1e9;
            final long grants = n0.counters().received("BlockGrant") + n1.counters().received("BlockGrant") - grants0;
            final long barriers = counter("barriers") - barriers0;
            final long a = c1.a;
            final long b = c0.b;
            final boolean ok = a == c0.a && b == c1.b;
            System.out.printf("moves %d in %.2f s = %.0f moves/s; increments %d + %d = %.0f per s; barriers issued %d (%.0f per s); " +
                    "final a %d b %d %s; load average %s%n", grants, elapsed, grants / elapsed, increments[0], increments[1],
                (increments[0] + increments[1]) / elapsed, barriers, barriers / elapsed, a, b, ok ? "consistent" : "INCONSISTENT",
                RevocationCost.loadAverage());
            if (!ok)
            {
                System.exit(1);
            }
        }
    }

    private static long[] run(final PingPongCell c0, final PingPongCell c1, final double seconds) throws InterruptedException
    {
        final long[] counts = new long[2];
        final CountDownLatch go = new CountDownLatch(1);
        running = true;
        final Thread t0 = new Thread(() -> counts[0] = incrementA(c0, go), "node0-writer");
        final Thread t1 = new Thread(() -> counts[1] = incrementB(c1, go), "node1-writer");
        t0.start();
        t1.start();
        go.countDown();
        Thread.sleep((long)(seconds * 1000));
        running = false;
        t0.join(60_000);
        t1.join(60_000);
        if (t0.isAlive() || t1.isAlive())
        {
            throw new IllegalStateException("writers did not stop within 60 s");
        }
        return counts;
    }

    private static long incrementA(final PingPongCell c, final CountDownLatch go)
    {
        await(go);
        long n = 0;
        while (running)
        {
            c.a++;
            n++;
        }
        return n;
    }

    private static long incrementB(final PingPongCell c, final CountDownLatch go)
    {
        await(go);
        long n = 0;
        while (running)
        {
            c.b++;
            n++;
        }
        return n;
    }

    private static void await(final CountDownLatch go)
    {
        try
        {
            go.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static long counter(final String name)
    {
        try
        {
            final Method m = Class.forName("io.dsm.runtime.block.AnnouncedWriters").getDeclaredMethod(name);
            m.setAccessible(true);
            return (long)m.invoke(null);
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            return -1;
        }
    }
}
