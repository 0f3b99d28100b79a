package io.dsm.benchmarks.grid;

import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

import io.dsm.benchmarks.Histograms;
import io.dsm.benchmarks.locks.Control;

/**
 * dsm against Hazelcast, side by side: the same workloads, written once against {@link Grid}, run
 * by two JVMs on 127.0.0.1, A (node 0: dsm's manager, or Hazelcast member 0) and B (node 1, member
 * 1). A coordinates B over a TCP control connection ({@link Control}) that carries none of the
 * system's traffic and is never timed; every timed operation is timed on the JVM that makes it.
 *
 * <pre>
 * GridBenchmark dsm-a results.properties   node 0 (needs -javaagent:dsm-agent.jar=<2-node config>)
 * GridBenchmark dsm-b                      node 1
 * GridBenchmark hz-a results.properties    Hazelcast member 0 (no agent)
 * GridBenchmark hz-b                       Hazelcast member 1
 * </pre>
 * The workloads ({@code bench.workloads}, comma-separated, default all):
 * <ol>
 * <li>{@code read}: A writes the record, then B reads it; B's read is timed (dsm: a read fault,
 *     checked on the block state before the access; Hazelcast: {@code IMap.get} of a key A owns);</li>
 * <li>{@code write}: A writes the record, then B writes it; B's write is timed (dsm: a write fault;
 *     Hazelcast: {@code IMap.put} of a key A owns);</li>
 * <li>{@code turns}: A and B take turns incrementing one counter, A when it is even and B when it is
 *     odd, each polling until it is its turn (dsm: reading the volatile field; Hazelcast:
 *     {@code executeOnKey} with an entry processor that increments only on the caller's turn); the
 *     round trip is the time on A from one of its increments to its next; on Hazelcast also one
 *     plain {@code executeOnKey} from B (a key A owns, incremented every time);</li>
 * <li>{@code mixed}: both JVMs at once, one thread each, 95 % reads and 5 % writes of random
 *     records among {@code bench.records}, for {@code bench.mixed.ms} after
 *     {@code bench.mixed.warmup.ms}; ops/s per node, as each node measured over its own window;</li>
 * <li>{@code refs} (dsm only): the physical references ({@link References}).</li>
 * </ol>
 * For each workload: the process CPU time of both JVMs over the wall time of the measured part,
 * the faults (dsm), and the messages both dsm nodes sent, by type.
 *
 * <p>System properties (the same on A and B): bench.port.base (47700), bench.workloads
 * (refs,read,write,turns,mixed), bench.records (1000), bench.access.warmup (1000) and
 * bench.access.iterations (5000) for read, write and the plain executeOnKey, bench.turns.warmup (200),
 * bench.turns.rounds (2000), bench.turns.wait (yield or spin, see {@link #turnOnce}),
 * bench.mixed.warmup.ms (2000), bench.mixed.ms (5000), bench.ref.warmup (1000), bench.ref.iterations
 * (10000 per reference, half before and half after the workloads), bench.ref.tuned (the tuned Aeron
 * variants, {@link References#DEFAULT_TUNED}), bench.shm.prefix (where the tuned drivers' directories
 * go), bench.hz.backups (1), bench.hz.start.timeout.ms (30000).
 */
public final class GridBenchmark
{
    static final long HIGHEST_NS = TimeUnit.SECONDS.toNanos(60);
    static final int CONTROL_OFFSET = 80;
    private static final long START_DELAY_MS = 300;
    private static final boolean YIELD_BETWEEN_POLLS = !"spin".equals(System.getProperty("bench.turns.wait", "yield"));

    private final int base = Integer.getInteger("bench.port.base", 47700);
    private final Set<String> workloads =
        new HashSet<>(Arrays.asList(System.getProperty("bench.workloads", "refs,read,write,turns,mixed").split(",")));
    private final int records = Integer.getInteger("bench.records", 1000);
    private final int accessWarmup = Integer.getInteger("bench.access.warmup", 1000);
    private final int accessIterations = Integer.getInteger("bench.access.iterations", 5000);
    private final int turnWarmup = Integer.getInteger("bench.turns.warmup", 200);
    private final int turnRounds = Integer.getInteger("bench.turns.rounds", 2000);
    private final long mixedWarmupMs = Long.getLong("bench.mixed.warmup.ms", 2000);
    private final long mixedMs = Long.getLong("bench.mixed.ms", 5000);
    private final int refIterations = Integer.getInteger("bench.ref.iterations", 10_000);

    private final Grid grid;
    private final Properties results = new Properties();
    private Control peer;
    private long value;

    private GridBenchmark(final Grid grid)
    {
        this.grid = grid;
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length < 1 || !Set.of("dsm-a", "dsm-b", "hz-a", "hz-b").contains(args[0]))
        {
            System.err.println("usage: GridBenchmark dsm-a|hz-a results.properties | dsm-b|hz-b");
            System.exit(2);
        }
        final boolean a = args[0].endsWith("-a");
        final int base = Integer.getInteger("bench.port.base", 47700);
        final Grid grid = args[0].startsWith("dsm") ? DsmGrid.open() :
            HzGrid.start(a ? 0 : 1, base, Long.getLong("bench.hz.start.timeout.ms", 30_000));
        System.out.println("[" + (a ? "A" : "B") + "] " + grid.describe());
        int status = 0;
        try
        {
            if (a)
            {
                new GridBenchmark(grid).coordinate(args.length > 1 ? Path.of(args[1]) : null);
            }
            else
            {
                GridPeer.run(grid, base + CONTROL_OFFSET, base);
            }
        }
        catch (final Exception ex)
        {
            ex.printStackTrace();
            status = 1;
        }
        finally
        {
            grid.close();
        }
        System.exit(status); // also when a thread that is not a daemon (an Aeron client's, say) is left
    }

    static Histogram histogram()
    {
        return new Histogram(HIGHEST_NS, 3);
    }

    /** This JVM's CPU time so far, all threads, in ns. */
    static long cpuNs()
    {
        return ((com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** This JVM's CPU time, faults and message counters: B's answer to "stats". */
    static String stats(final Grid grid)
    {
        return cpuNs() + " " + grid.faults() + (grid.counters().length == 0 ? "" : " " + Control.join(grid.counters()));
    }

    // ---------------------------------------------------------------- A: the coordinator

    private void coordinate(final Path out) throws Exception
    {
        final boolean dsm = "dsm".equals(grid.system());
        results.setProperty("system", grid.system());
        results.setProperty("config", grid.describe());
        results.setProperty("workloads", String.join(",", workloads));
        peer = Control.acceptPeers(base + CONTROL_OFFSET, 2, 120_000, 600_000)[1];
        section("setup: A creates the record, the counter and " + records + " records; B finds them");
        final String handle = grid.create(records);
        peer.call("attach " + handle + " " + records);
        results.setProperty("configB", peer.call("describe"));

        References refs = null;
        if (dsm && workloads.contains("refs"))
        {
            peer.call("references"); // B opens its echoes first: A's constructor waits for the Aeron one
            refs = new References(peer, base);
        }
        try
        {
            runWorkloads(dsm, refs);
        }
        finally
        {
            if (refs != null)
            {
                refs.close();
            }
        }
        finish(out);
    }

    private void runWorkloads(final boolean dsm, final References refs)
    {
        if (refs != null)
        {
            section("physical references, first half");
            refs.measure(refIterations / 2);
        }
        if (workloads.contains("read"))
        {
            section("remote read: A writes the record, B reads it (B's read timed)");
            access("read", false);
        }
        if (workloads.contains("write"))
        {
            section("remote write: A writes the record, then B writes it (B's write timed)");
            access("write", true);
        }
        if (workloads.contains("turns"))
        {
            section("turn-taking counter: A increments when even, B when odd");
            turns();
            if (!dsm)
            {
                section("plain executeOnKey from B on a key A owns");
                plainExecute();
            }
        }
        if (workloads.contains("mixed"))
        {
            section("mixed: " + records + " records, 95 % reads, 5 % writes, both nodes at once");
            mixed();
        }
        if (refs != null)
        {
            section("physical references, second half");
            refs.measure(refIterations - refIterations / 2);
            storeReferences(refs);
        }
    }

    private void finish(final Path out) throws IOException
    {
        final String errorsB = peer.call("problems");
        peer.call("stop");
        peer.close();
        final String errors = (grid.errors() + " " + ("-".equals(errorsB) ? "" : errorsB)).trim();
        if (!errors.isEmpty())
        {
            System.out.println("WARNING: " + errors);
            results.setProperty("errors", errors);
        }
        if (out != null)
        {
            try (Writer w = Files.newBufferedWriter(out))
            {
                results.store(w, "grid benchmark, " + grid.system());
            }
        }
    }

    // ---------------------------------------------------------------- snapshots of both JVMs

    /** CPU time, faults and message counters of both JVMs at one moment (B's taken over the control connection). */
    private final class Snap
    {
        final long wallNs;
        final long cpuA;
        final long cpuB;
        final long faults;
        final long[] counters;

        Snap()
        {
            final long[] b = Control.parse(peer.call("stats"));
            wallNs = System.nanoTime();
            cpuA = cpuNs();
            cpuB = b[0];
            final long[] own = grid.counters();
            faults = grid.faults() < 0 ? -1 : grid.faults() + b[1];
            counters = Arrays.copyOf(own, own.length);
            if (b.length - 2 != own.length)
            {
                throw new IllegalStateException("A has " + own.length + " counters and B " + (b.length - 2) + ": the same jars?");
            }
            for (int i = 0; i < own.length; i++)
            {
                counters[i] += b[i + 2];
            }
        }
    }

    private static long[] minus(final long[] x, final long[] y)
    {
        final long[] d = x.clone();
        for (int i = 0; i < d.length; i++)
        {
            d[i] -= y[i];
        }
        return d;
    }

    // ---------------------------------------------------------------- workloads

    /** Remote read ({@code write} false) or remote write: A writes, then B's access is timed. */
    private void access(final String key, final boolean write)
    {
        final Histogram h = histogram();
        long notRemote = 0;
        long wrong = 0;
        Snap from = null;
        for (int i = 0; i < accessWarmup + accessIterations; i++)
        {
            if (i == accessWarmup)
            {
                from = new Snap();
            }
            final long v = ++value;
            grid.writeRecord(v);
            final long[] r = Control.parse(peer.call(write ? "write " + -v : "read " + v));
            if (i >= accessWarmup)
            {
                h.recordValue(Math.min(r[0], HIGHEST_NS));
                notRemote += r[1] == 0 ? 1 : 0;
                wrong += !write && r[2] != v ? 1 : 0;
            }
        }
        Control.sleep(20); // let the last access's trailing messages (a Confirm) land before counting
        final Snap to = new Snap();
        if (write)
        {
            final long last = grid.readRecord();
            wrong += last == -value ? 0 : 1;
            results.setProperty(key + ".check", "A read back " + last + " after B's last write of " + (-value));
        }
        final String what = grid.system().equals("dsm") ? "fault" : "go to the other member";
        final String note = (notRemote == 0 ? "every timed access had to " + what : "WARNING: " + notRemote + " timed accesses did not " + what) +
            (wrong == 0 ? "; every value read was the one last written" : "; WARNING: " + wrong + " reads returned another value than the last written");
        report(key, h, accessIterations, from, to, note);
        results.setProperty(key + ".notRemote", String.valueOf(notRemote));
        results.setProperty(key + ".wrong", String.valueOf(wrong));
    }

    private void turns()
    {
        runTurns(turnWarmup, null);
        final Snap from = new Snap();
        final Histogram h = histogram();
        runTurns(turnRounds, h);
        Control.sleep(20);
        final Snap to = new Snap();
        final long expected = 2L * (turnWarmup + turnRounds);
        final long seen = grid.counter();
        final String note = "counter " + seen + (seen == expected ? " as expected" : ", WARNING: expected " + expected) +
            "; the waiting side polls (" + (grid.system().equals("dsm") ? "reads its copy of the volatile field" :
            "executeOnKey again and again") + ", " + (YIELD_BETWEEN_POLLS ? "Thread.yield" : "Thread.onSpinWait") + " between polls)";
        report("turns", h, turnRounds, from, to, note);
    }

    /** A and B take {@code rounds} turns each; records A's intervals between its increments into {@code h} (if not null). */
    private void runTurns(final int rounds, final Histogram h)
    {
        peer.send("turns " + rounds);
        long last = 0;
        for (int i = 0; i < rounds; i++)
        {
            turnOnce(grid, 0);
            final long now = System.nanoTime();
            if (h != null && i > 0)
            {
                h.recordValue(Math.min(now - last, HIGHEST_NS));
            }
            last = now;
        }
        peer.receive();
    }

    /**
     * Polls until it is {@code parity}'s turn, then increments: the loop both systems and both JVMs
     * run. Between two polls the thread calls {@code Thread.yield()} ({@code bench.turns.wait=yield},
     * the default) or {@code Thread.onSpinWait()} ({@code spin}). On this 2-core machine two JVMs
     * spinning without yielding leave the dsm nodes' protocol and driver threads no core: a dsm
     * round trip then took 20-24 ms p50 instead of about 5 (Hazelcast's waiter blocks inside
     * every executeOnKey, so it hardly changes).
     */
    static void turnOnce(final Grid grid, final int parity)
    {
        while (!grid.tryTurn(parity))
        {
            if (YIELD_BETWEEN_POLLS)
            {
                Thread.yield();
            }
            else
            {
                Thread.onSpinWait();
            }
        }
    }

    private void plainExecute()
    {
        final Histogram h = histogram();
        Snap from = null;
        for (int i = 0; i < accessWarmup + accessIterations; i++)
        {
            if (i == accessWarmup)
            {
                from = new Snap();
            }
            final long ns = Long.parseLong(peer.call("execute"));
            if (i >= accessWarmup)
            {
                h.recordValue(Math.min(ns, HIGHEST_NS));
            }
        }
        report("execute", h, accessIterations, from, new Snap(), "B's executeOnKey on a key A owns, incrementing it every time");
    }

    /** What one node did in the mixed workload, over its own measured window. */
    static final class Mixed
    {
        long ops;
        long elapsedNs;
        long cpuNs;
        long faults;
        long[] counters = new long[0];

        String encode()
        {
            return ops + " " + elapsedNs + " " + cpuNs + " " + faults + (counters.length == 0 ? "" : " " + Control.join(counters));
        }

        static Mixed decode(final String line)
        {
            final long[] f = Control.parse(line);
            final Mixed m = new Mixed();
            m.ops = f[0];
            m.elapsedNs = f[1];
            m.cpuNs = f[2];
            m.faults = f[3];
            m.counters = Arrays.copyOfRange(f, 4, f.length);
            return m;
        }

        double opsPerS()
        {
            return ops / (elapsedNs / 1e9);
        }

        double cpuPercent()
        {
            return 100.0 * cpuNs / elapsedNs;
        }
    }

    /**
     * One node's part of the mixed workload: from {@code startAtMillis} (wall clock, the same on both
     * JVMs) it reads (95 %) or writes (5 %) random records, {@code warmupMs} not measured, then
     * {@code ms} measured. The clock is read every 64 operations.
     */
    static Mixed mixedRun(final Grid grid, final int records, final long startAtMillis, final long warmupMs, final long ms,
        final long seed)
    {
        final int writeBelow = (int)(0.05 * 65536);
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        long sink = 0;
        while (System.currentTimeMillis() < startAtMillis)
        {
            Thread.onSpinWait();
        }
        final long t0 = System.nanoTime();
        final long measureAt = t0 + TimeUnit.MILLISECONDS.toNanos(warmupMs);
        final long endAt = measureAt + TimeUnit.MILLISECONDS.toNanos(ms);
        final Mixed m = new Mixed();
        long ops = 0;
        long startNs = 0;
        long startCpu = 0;
        long startFaults = 0;
        long[] startCounters = null;
        long opsAtStart = 0;
        while (true)
        {
            for (int i = 0; i < 64; i++)
            {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                final int k = (int)((x >>> 33) % records);
                if ((x & 0xFFFF) < writeBelow)
                {
                    grid.mixedWrite(k, x);
                }
                else
                {
                    sink += grid.mixedRead(k);
                }
            }
            ops += 64;
            final long now = System.nanoTime();
            if (startCounters == null && now - measureAt >= 0)
            {
                startNs = now;
                startCpu = cpuNs();
                startFaults = grid.faults();
                startCounters = grid.counters();
                opsAtStart = ops;
            }
            else if (startCounters != null && now - endAt >= 0)
            {
                m.elapsedNs = now - startNs;
                m.cpuNs = cpuNs() - startCpu;
                m.faults = startFaults < 0 ? -1 : grid.faults() - startFaults;
                m.counters = minus(grid.counters(), startCounters);
                m.ops = ops - opsAtStart;
                break;
            }
        }
        if (sink == 42)
        {
            System.out.print(""); // keeps the reads alive
        }
        return m;
    }

    private void mixed()
    {
        final long startAt = System.currentTimeMillis() + START_DELAY_MS;
        peer.send("mixed " + startAt + " " + mixedWarmupMs + " " + mixedMs + " 2");
        final Mixed a = mixedRun(grid, records, startAt, mixedWarmupMs, mixedMs, 1);
        final Mixed b = Mixed.decode(peer.receive());
        final String noteA = grid.mixedNote();
        final String noteB = peer.call("mixed-note");
        final double total = a.opsPerS() + b.opsPerS();
        final Mixed[] nodes = {a, b};
        final String[] notes = {noteA, noteB};
        String starved = "none";
        System.out.printf(Locale.ROOT, "  (%d ms measured after %d ms not measured, one thread per JVM)%n", mixedMs, mixedWarmupMs);
        for (int i = 0; i < 2; i++)
        {
            final Mixed m = nodes[i];
            final Mixed other = nodes[1 - i];
            if (m.opsPerS() < other.opsPerS() / 4)
            {
                starved = "node " + i;
            }
            final String p = "mixed.node" + i;
            results.setProperty(p + ".ops", String.valueOf(m.ops));
            results.setProperty(p + ".opsPerS", fmt(m.opsPerS()));
            results.setProperty(p + ".cpu", fmt(m.cpuPercent()));
            results.setProperty(p + ".faults", String.valueOf(m.faults));
            results.setProperty(p + ".note", notes[i]);
            System.out.printf(Locale.ROOT, "  node %d (%s): %,.0f ops/s (%d ops in %.2f s), CPU %.0f %% of a core%s%s%s%n", i, i == 0 ? "A" : "B",
                m.opsPerS(), m.ops, m.elapsedNs / 1e9, m.cpuPercent(),
                m.faults < 0 ? "" : String.format(Locale.ROOT, ", %d faults (%.0f/s)", m.faults, m.faults / (m.elapsedNs / 1e9)),
                notes[i].isEmpty() ? "" : "; " + notes[i], m.opsPerS() < other.opsPerS() / 4 ? "  STARVED (< 1/4 of the other node)" : "");
        }
        results.setProperty("mixed.totalOpsPerS", fmt(total));
        results.setProperty("mixed.starved", starved);
        final double cpu = a.cpuPercent() + b.cpuPercent();
        results.setProperty("mixed.cpuA", fmt(a.cpuPercent()));
        results.setProperty("mixed.cpuB", fmt(b.cpuPercent()));
        results.setProperty("mixed.cpuPerKiloOps", fmt(cpu / (total / 1000)));
        System.out.printf(Locale.ROOT, "  total %,.0f ops/s; starved: %s; CPU %.0f %% of a core in all, %.3f %% per 1000 ops/s%n", total, starved, cpu,
            cpu / (total / 1000));
        if (a.faults >= 0)
        {
            final double faultsPerS = a.faults / (a.elapsedNs / 1e9) + b.faults / (b.elapsedNs / 1e9);
            results.setProperty("mixed.faultsPerS", fmt(faultsPerS));
            results.setProperty("mixed.cpuPerKiloFaults", fmt(cpu / (faultsPerS / 1000)));
            final long[] sum = a.counters.clone();
            for (int i = 0; i < sum.length; i++)
            {
                sum[i] += b.counters[i];
            }
            final double ops = a.ops + b.ops;
            final double msgs = grid.messages(sum);
            results.setProperty("mixed.msgsPerOp", fmt4(msgs / ops));
            results.setProperty("mixed.msgsPerFault", fmt(msgs / Math.max(1, a.faults + b.faults)));
            results.setProperty("mixed.byType", grid.messagesByType(sum, a.faults + b.faults));
            System.out.printf(Locale.ROOT, "  faults %,.0f/s in all: %.1f CPU-%% per 1000 faults/s; messages %.4f per op, %.2f per fault: %s%n",
                faultsPerS, cpu / (faultsPerS / 1000), msgs / ops, msgs / Math.max(1, a.faults + b.faults),
                grid.messagesByType(sum, a.faults + b.faults));
        }
    }

    // ---------------------------------------------------------------- results

    /** Prints and stores one latency workload: percentiles, CPU of both JVMs, faults and messages between the snapshots. */
    private void report(final String key, final Histogram h, final long ops, final Snap from, final Snap to, final String note)
    {
        final double wallS = (to.wallNs - from.wallNs) / 1e9;
        final double cpuA = 100.0 * (to.cpuA - from.cpuA) / (to.wallNs - from.wallNs);
        final double cpuB = 100.0 * (to.cpuB - from.cpuB) / (to.wallNs - from.wallNs);
        final double opsPerS = ops / wallS;
        System.out.printf(Locale.ROOT, "  %d timed: p50 %.1f us, p90 %.1f us, p99 %.1f us, max %.1f us%n", h.getTotalCount(),
            h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getMaxValue() / 1e3);
        System.out.printf(Locale.ROOT, "  CPU over %.1f s: A %.0f %%, B %.0f %% of a core; %.0f ops/s, %.1f CPU-%% per 1000 ops/s%n", wallS,
            cpuA, cpuB, opsPerS, (cpuA + cpuB) / (opsPerS / 1000));
        store(key, h);
        results.setProperty(key + ".wallS", fmt(wallS));
        results.setProperty(key + ".cpuA", fmt(cpuA));
        results.setProperty(key + ".cpuB", fmt(cpuB));
        results.setProperty(key + ".opsPerS", fmt(opsPerS));
        results.setProperty(key + ".cpuPerKiloOps", fmt((cpuA + cpuB) / (opsPerS / 1000)));
        results.setProperty(key + ".note", note);
        if (to.faults >= 0)
        {
            final long faults = to.faults - from.faults;
            final double faultsPerS = faults / wallS;
            final long[] delta = minus(to.counters, from.counters);
            final double msgs = grid.messages(delta);
            results.setProperty(key + ".faults", String.valueOf(faults));
            results.setProperty(key + ".faultsPerS", fmt(faultsPerS));
            results.setProperty(key + ".cpuPerKiloFaults", fmt((cpuA + cpuB) / (faultsPerS / 1000)));
            results.setProperty(key + ".msgsPerOp", fmt(msgs / ops));
            results.setProperty(key + ".byType", grid.messagesByType(delta, ops));
            results.setProperty(key + ".faultsPerOp", fmt((double)faults / ops));
            System.out.printf(Locale.ROOT, "  faults: %d (%.2f per op, %.0f/s): %.1f CPU-%% per 1000 faults/s%n", faults, (double)faults / ops,
                faultsPerS, (cpuA + cpuB) / (faultsPerS / 1000));
            System.out.printf(Locale.ROOT, "  messages sent by both nodes: %.2f per op: %s%n", msgs / ops, grid.messagesByType(delta, ops));
        }
        System.out.println("  " + note);
    }

    private void storeReferences(final References refs)
    {
        store("ref.datagram", refs.datagramRtt);
        System.out.printf("  (latencies in us; %d round trips each)%n", refs.datagramRtt.getTotalCount());
        print("blocking DatagramSocket ping-pong", refs.datagramRtt);
        for (final var e : refs.tunedRtt.entrySet())
        {
            store("ref.tuned." + e.getKey(), e.getValue());
            print("raw Aeron UDP, own driver " + e.getKey(), e.getValue());
        }
        final String best = refs.bestTuned();
        results.setProperty("ref.tuned.variants", String.join(",", refs.tunedRtt.keySet()));
        if (best != null)
        {
            results.setProperty("ref.tuned.best", best);
            store("ref.tuned", refs.tunedRtt.get(best));
            System.out.println("  lowest p50 of the tuned Aeron variants: " + best);
        }
    }

    private static void print(final String label, final Histogram h)
    {
        System.out.printf(Locale.ROOT, "  %-60s p50 %8.1f  p90 %8.1f  p99 %8.1f  max %9.1f%n", label, h.getValueAtPercentile(50) / 1e3,
            h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getMaxValue() / 1e3);
    }

    private void store(final String key, final Histogram h)
    {
        Histograms.store(results, key, h);
    }

    private static void section(final String what)
    {
        System.out.printf("-- %s (%tT)%n", what, System.currentTimeMillis());
    }

    static String fmt(final double v)
    {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String fmt4(final double v)
    {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
