package io.dsm.benchmarks.fastpath;

import java.lang.reflect.Method;
import java.util.Arrays;

import io.dsm.runtime.barrier.ProcessBarrier;
import io.dsm.runtime.barrier.ProcessBarriers;
import io.dsm.runtime.block.BlockIds;
import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.block.BlockTransitions;
import io.dsm.runtime.block.ClassLayout;
import io.dsm.runtime.block.WriteMode;

/**
 * The cost of one revocation on the protocol thread's side: {@code BlockTransitions.revoke(meta,
 * READ)} of a block in state WRITE (0: CAS, then in asym mode the process barrier, then the wait
 * for announced writers' flags) and of a block in WRITE_CAS (8: the CAS alone), beside one raw
 * {@code ProcessBarrier.issue()} (membarrier). p50/p90/p99/mean over many rounds, the three
 * interleaved round by round, first with no other thread of ours running, then with a writer
 * thread that writes another shared object through the agent's accessor in a loop (its slot
 * hoisted into a local), so its flag is set much of the time and the barrier must reach its CPU
 * whenever it is running.
 *
 * <pre>java -javaagent:dsm-agent.jar [--enable-native-access=ALL-UNNAMED] --add-exports ... -Ddsm.writes=asym|cas
 *     -cp dsm-benchmarks.jar io.dsm.benchmarks.fastpath.RevocationCost [rounds, default 20000]</pre>
 *
 * The block is built the way the runtime's tests build one (a BlockMeta on a fresh object, no
 * node), so only the transition is timed: no message, no capture.
 */
public final class RevocationCost
{
    private static volatile boolean writing;
    private static volatile long writes;

    private RevocationCost()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        FieldAccessBenchmark.requireAgent();
        final ProcessBarriers.Probe probe = ProcessBarriers.probe();
        System.out.printf("JDK %s, %d CPUs, write mode %s; barrier probe: %s; load average %s%n", Runtime.version(),
            Runtime.getRuntime().availableProcessors(), WriteMode.describe(), probe.reason(), loadAverage());
        final SharedPoint target = new SharedPoint(1);
        final BlockMeta meta = new BlockMeta(BlockIds.make(0, 1), 0, null, target, ClassLayout.of(SharedPoint.class), null, null);
        final ProcessBarrier barrier = probe.barrier();

        measure(meta, barrier, rounds / 4); // warm-up: JIT, the kernel's first calls
        report("no other thread", measure(meta, barrier, rounds));

        final SharedPoint[] others = new SharedPoint[64];
        for (int i = 0; i < others.length; i++)
        {
            others[i] = new SharedPoint(i);
        }
        writing = true;
        final Thread writer = new Thread(() -> writes = writeLoop(others), "writer");
        writer.setDaemon(true);
        writer.start();
        Thread.sleep(300); // the writer's loop compiled
        final long[][] withWriter = measure(meta, barrier, rounds);
        writing = false;
        writer.join(5_000);
        report("a writer thread running", withWriter);
        System.out.printf("writer: %,d writes; barriers issued by revocations %d, revocations that waited for a flag %d; load average %s%n",
            writes, counter("barriers"), counter("waits"), loadAverage());
    }

    /** The writer: a loop over shared objects, so the agent holds its slot in a local (announced writes, no CAS). */
    static long writeLoop(final SharedPoint[] objects)
    {
        long n = 0;
        int v = 0;
        while (writing)
        {
            for (final SharedPoint p : objects)
            {
                p.x = v++;
            }
            n += objects.length;
        }
        return n;
    }

    /** rows: revoke of WRITE, revoke of WRITE_CAS, raw barrier (null without one); ns per call. */
    private static long[][] measure(final BlockMeta meta, final ProcessBarrier barrier, final int rounds)
    {
        final long[] write = new long[rounds];
        final long[] writeCas = new long[rounds];
        final long[] raw = barrier == null ? null : new long[rounds];
        for (int i = 0; i < rounds; i++)
        {
            write[i] = revokeFrom(meta, BlockState.WRITE);
            writeCas[i] = revokeFrom(meta, BlockState.WRITE_CAS);
            if (barrier != null)
            {
                final long start = System.nanoTime();
                barrier.issue();
                raw[i] = System.nanoTime() - start;
            }
        }
        return new long[][] {write, writeCas, raw};
    }

    private static long revokeFrom(final BlockMeta meta, final int writeState)
    {
        // the grant without the write policy (which would turn a block revoked this soon into WRITE_CAS)
        if (!meta.compareAndSetState(meta.state(), writeState))
        {
            throw new IllegalStateException("state changed under the benchmark: " + meta.state());
        }
        final long start = System.nanoTime();
        BlockTransitions.revoke(meta, BlockState.READ);
        final long nanos = System.nanoTime() - start;
        if (meta.state() != BlockState.READ)
        {
            throw new IllegalStateException("revoke left state " + meta.state());
        }
        return nanos;
    }

    private static void report(final String situation, final long[][] rows)
    {
        final String writeWhat = WriteMode.asymmetric() ? "CAS + barrier + flag wait" : "CAS + flag wait, no barrier (cas mode)";
        System.out.printf("%s:%n", situation);
        System.out.printf("  revoke WRITE     (%-38s) %s%n", writeWhat, summary(rows[0]));
        System.out.printf("  revoke WRITE_CAS (%-38s) %s%n", "CAS only", summary(rows[1]));
        System.out.printf("  raw barrier      (%-38s) %s%n", "ProcessBarrier.issue()", rows[2] == null ? "none" : summary(rows[2]));
    }

    static String summary(final long[] nanos)
    {
        final long[] s = nanos.clone();
        Arrays.sort(s);
        final double mean = Arrays.stream(s).average().orElse(0);
        return String.format("n %d p50 %.2f us p90 %.2f us p99 %.2f us max %.1f us mean %.2f us", s.length,
            at(s, 0.50) / 1e3, at(s, 0.90) / 1e3, at(s, 0.99) / 1e3, s[s.length - 1] / 1e3, mean / 1e3);
    }

    private static long at(final long[] sorted, final double q)
    {
        return sorted[Math.min(sorted.length - 1, (int)Math.floor(q * sorted.length))];
    }

    /** AnnouncedWriters' counters (package-private in the runtime; read reflectively, -1 if not reachable). */
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

    static String loadAverage()
    {
        try
        {
            return String.join(" ", Arrays.copyOf(new String(java.nio.file.Files.readAllBytes(
                java.nio.file.Path.of("/proc/loadavg"))).trim().split(" "), 3));
        }
        catch (final java.io.IOException ex)
        {
            return "?";
        }
    }
}
