package io.dsm.benchmarks.locks;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

import io.aeron.Aeron;
import io.dsm.api.Dsm;
import io.dsm.benchmarks.Histograms;
import io.dsm.benchmarks.fault.ControlChannel;
import io.dsm.runtime.DsmNode;
import io.dsm.runtime.DsmRuntime;
import io.dsm.runtime.config.NodeConfig;
import io.dsm.runtime.transport.IdleStrategies;

/**
 * Cluster locks between JVMs over Aeron UDP on 127.0.0.1, against raw round trips between the same
 * JVMs measured in the same run. This JVM is node 0: it creates the lock (so node 0 is the lock's
 * manager) and drives the peer JVMs ({@link LockPeer}) over a TCP control connection that carries
 * no dsm traffic and is never timed.
 *
 * <pre>
 * LockBenchmark main [results.properties]    node 0, the coordinator (agent started with the cluster's config)
 * LockBenchmark peer                         node 1, 2, ...: obeys the coordinator until told to stop
 * </pre>
 * What it measures, in this order:
 * <ol>
 * <li>raw round trips, node 0 with every peer: a blocking {@code DatagramSocket} ping-pong and the
 *     fault benchmark's raw Aeron UDP ping-pong on the nodes' own media drivers (half of each now,
 *     half at the end, so that both halves of the run are in the reference);</li>
 * <li>cached: node 0 acquires and releases again and again, nobody else asks;</li>
 * <li>remote: the nodes take strict turns (the coordinator tells the next node to acquire once
 *     when the previous one has released), so every acquire fetches the token from another node;
 *     with 3 JVMs twice: 0,1,2 in turn and 1,2 in turn (neither is the manager: 3 messages);</li>
 * <li>contended: one thread per JVM loops on {@code synchronized (lock)} for a fixed time (every
 *     JVM starts at the same wall-clock time);</li>
 * <li>the contended counter: {@code bench.counter.threads} threads per JVM each add 1
 *     {@code bench.counter.increments} times under {@code synchronized (counter)}; then every node
 *     reads the count under the lock, and it must be exact. Every JVM opens its start gate at the
 *     same wall-clock time; the node that holds the token then runs alone until the first request
 *     from another node reaches it (a few ms), so with few increments it may finish before the
 *     others start contending: the per-node table shows it.</li>
 * </ol>
 * Latencies are one acquire and release of the monitor, timed on the JVM that makes it. Messages
 * per acquire are the sent counters of every node summed over the measured part, divided by the
 * acquires. The figures of the plain JVM ({@link PlainBaseline}, {@code bench.plain}) are read to
 * print the ratios to one JVM. System properties: bench.port.base (47400), bench.ping.warmup
 * (1000), bench.ping.iterations (10000 per peer), bench.cached.warmup (50000),
 * bench.cached.iterations (200000), bench.remote.warmup (300 rounds), bench.remote.rounds (1500),
 * bench.contend.warmup.ms (1000), bench.contend.ms (3000), bench.counter.threads (2),
 * bench.counter.increments (2000), bench.plain (properties written by PlainBaseline).
 */
public final class LockBenchmark
{
    static final String LOCK_ROOT = "lock-bench-lock";
    static final String COUNTER_ROOT = "lock-bench-counter";
    /** The contended phases start this long after the coordinator sends the command, on every JVM at once. */
    private static final long START_DELAY_MS = 300;

    private final int base = Integer.getInteger("bench.port.base", 47400);
    private final int pingWarmup = Integer.getInteger("bench.ping.warmup", 1000);
    private final int pingIterations = Integer.getInteger("bench.ping.iterations", 10_000);
    private final int cachedWarmup = Integer.getInteger("bench.cached.warmup", 50_000);
    private final int cachedIterations = Integer.getInteger("bench.cached.iterations", 200_000);
    private final int remoteWarmup = Integer.getInteger("bench.remote.warmup", 300);
    private final int remoteRounds = Integer.getInteger("bench.remote.rounds", 1500);
    private final long contendWarmupMs = Long.getLong("bench.contend.warmup.ms", 1000);
    private final long contendMs = Long.getLong("bench.contend.ms", 3000);
    private final int counterThreads = Integer.getInteger("bench.counter.threads", 2);
    private final int counterIncrements = Integer.getInteger("bench.counter.increments", 2000);

    private final DsmNode node;
    private final NodeConfig config;
    private final int n;
    private final Control[] peers;
    private final ControlChannel[] aeronPing;
    private final Properties results = new Properties();
    private final List<Row> rows = new ArrayList<>();
    private final Histogram rawDatagram = Loops.histogram();
    private final Histogram rawAeron = Loops.histogram();
    private final List<String> parks = new ArrayList<>();
    private long aeronSeq = 1;
    private LockCell lock;
    private LockCell counter;
    private boolean countExact = true;

    /** One line of the latency table. */
    private static final class Row
    {
        final String key;
        final String label;
        final Histogram histogram;
        long acquires;
        Counts delta;
        String note = "";

        Row(final String key, final String label, final Histogram histogram)
        {
            this.key = key;
            this.label = label;
            this.histogram = histogram;
        }
    }

    private LockBenchmark(final DsmNode node)
    {
        this.node = node;
        this.config = node.config();
        this.n = config.members().size();
        this.peers = new Control[n];
        this.aeronPing = new ControlChannel[n];
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length < 1 || !("main".equals(args[0]) || "peer".equals(args[0])))
        {
            System.err.println("usage: LockBenchmark main [results.properties] | peer   (needs -javaagent:dsm-agent.jar=<config>)");
            System.exit(2);
        }
        if ("peer".equals(args[0]))
        {
            LockPeer.run();
            return;
        }
        final boolean ok = new LockBenchmark(DsmRuntime.defaultNode()).coordinate(args.length > 1 ? Path.of(args[1]) : null);
        if (!ok)
        {
            System.exit(1);
        }
    }

    private boolean coordinate(final Path out) throws Exception
    {
        if (node.id() != 0)
        {
            throw new IllegalStateException("the coordinator must be node 0 (it creates the lock, and node 0 is its manager)");
        }
        lock = Dsm.root(LOCK_ROOT, LockCell::new);
        counter = Dsm.root(COUNTER_ROOT, LockCell::new);
        System.out.printf("== cluster locks: %d JVMs over Aeron UDP on 127.0.0.1 (protocol %s, idle %s, term %d); " +
            "node 0 created the lock: it is the lock's manager ==%n", n, config.protocol().configName(),
            config.idleStrategy(), config.termLength());
        results.setProperty("nodes", String.valueOf(n));
        results.setProperty("transport", "Aeron UDP, " + n + " JVMs on 127.0.0.1, protocol " + config.protocol().configName() +
            ", idle " + config.idleStrategy());

        final Control[] accepted = Control.acceptPeers(RawPing.controlPort(base), n, 60_000, 600_000);
        System.arraycopy(accepted, 1, peers, 1, n - 1);
        try (Aeron aeron = RawPing.connect(config);
            DatagramSocket datagram = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)))
        {
            for (int p = 1; p < n; p++)
            {
                peers[p].call("roots");
                aeronPing[p] = new ControlChannel(aeron,
                    RawPing.udpChannel(RawPing.aeronPeerPort(base, p), config.termLength()), RawPing.STREAM,
                    RawPing.udpChannel(RawPing.aeronMainPort(base, p), config.termLength()), RawPing.STREAM,
                    IdleStrategies.forName(config.idleStrategy()));
                if (!aeronPing[p].awaitConnected(TimeUnit.SECONDS.toNanos(30)))
                {
                    throw new IllegalStateException("the raw Aeron ping channel to node " + p + " did not connect within 30 s");
                }
            }

            section("what a park costs on this machine");
            parkCost(1);
            parkCost(100);
            section("raw round trips, first half");
            rawPings(datagram, pingIterations / 2);
            section("cached acquires");
            cached();
            section("remote acquires, strict turns");
            if (n == 2)
            {
                remote("remote", new int[] {0, 1}, "remote: nodes 0,1 take turns (R=M or H=M: 2 msgs)");
            }
            else
            {
                final int[] all = new int[n];
                Arrays.setAll(all, i -> i);
                remote("remote", all, "remote: nodes 0.." + (n - 1) + " take turns (2,3,..,2 msgs)");
                remote("remote12", new int[] {1, 2}, "remote: nodes 1,2 take turns (manager 0 neither: 3 msgs)");
            }
            section("contended: one thread per JVM");
            contended();
            section("contended counter");
            counterBenchmark();
            section("raw round trips, second half");
            rawPings(datagram, pingIterations - pingIterations / 2);

            for (int p = 1; p < n; p++)
            {
                peers[p].call("stop");
                aeronPing[p].close();
                peers[p].close();
            }
        }
        final Counts total = snapshotLocalOnly();
        if (total.stat(Counts.ERRORS) != 0 || total.stat(Counts.DROPPED) != 0)
        {
            System.out.println("WARNING: node 0 recorded " + total.stat(Counts.ERRORS) + " errors and dropped " +
                total.stat(Counts.DROPPED) + " frames");
        }
        printLatencies();
        if (out != null)
        {
            try (Writer w = Files.newBufferedWriter(out))
            {
                results.store(w, "lock benchmark, " + n + " JVMs");
            }
        }
        return countExact;
    }

    // ---------------------------------------------------------------- phases

    private void rawPings(final DatagramSocket datagram, final int count)
    {
        for (int p = 1; p < n; p++)
        {
            peers[p].call("datagram-echo on");
            RawPing.datagramPingPong(datagram, new InetSocketAddress("127.0.0.1", RawPing.datagramPort(base, p)), rawDatagram,
                pingWarmup, count);
            peers[p].call("datagram-echo off");
            peers[p].call("aeron-echo on");
            RawPing.aeronPingPong(aeronPing[p], rawAeron, pingWarmup, count, aeronSeq);
            aeronSeq += pingWarmup + count;
            peers[p].call("aeron-echo off");
        }
    }

    /**
     * How long {@code LockSupport.parkNanos(us)} really takes here: an idle strategy that has
     * reached its park phase notices a message only when its park ends.
     */
    private void parkCost(final int us)
    {
        final Histogram h = Loops.histogram();
        for (int i = 0; i < 300; i++)
        {
            final long start = System.nanoTime();
            LockSupport.parkNanos(us * 1000L);
            h.recordValue(Math.min(System.nanoTime() - start, Loops.HIGHEST_NS));
        }
        parks.add(String.format(Locale.ROOT, "parkNanos(%d us) took p50 %.1f us, p99 %.1f us", us, h.getValueAtPercentile(50) / 1e3,
            h.getValueAtPercentile(99) / 1e3));
        store("park" + us, h);
    }

    private void cached()
    {
        Loops.acquireMany(lock, cachedWarmup, null);
        final Row row = new Row("cached", "cached: node 0 re-acquires, nobody else asks", Loops.histogram());
        final Counts before = snapshot();
        Loops.acquireMany(lock, cachedIterations, row.histogram);
        row.delta = snapshot().minus(before);
        row.acquires = cachedIterations;
        rows.add(row);
    }

    private void remote(final String key, final int[] order, final String label)
    {
        final Row row = new Row(key, label, Loops.histogram());
        Counts before = null;
        for (int r = 0; r < remoteWarmup + remoteRounds; r++)
        {
            if (r == remoteWarmup)
            {
                before = snapshot();
            }
            for (final int who : order)
            {
                final long ns = who == 0 ? Loops.acquireOnce(lock) : Long.parseLong(peers[who].call("acquire"));
                if (r >= remoteWarmup)
                {
                    row.histogram.recordValue(Math.min(ns, Loops.HIGHEST_NS));
                }
            }
        }
        row.delta = snapshot().minus(before);
        row.acquires = (long)remoteRounds * order.length;
        rows.add(row);
    }

    private void contended()
    {
        contendRound(contendWarmupMs, null); // warm-up
        final Row row = new Row("contended", "contended: 1 thread per JVM loops on synchronized, all acquires",
            Loops.histogram());
        final Row waits = new Row("waited", "contended: only the acquires that waited for the token", Loops.histogram());
        final Counts before = snapshot();
        final StringBuilder perNode = new StringBuilder();
        row.acquires = contendRound(contendMs, (id, c) ->
        {
            row.histogram.add(c.histogram);
            waits.histogram.add(c.tokenWaits);
            perNode.append(String.format(Locale.ROOT, "%snode %d %d acquires (%.0f/s, %d waited for the token)",
                perNode.length() == 0 ? "" : ", ", id, c.acquires, c.acquires / (c.elapsedNs / 1e9), c.tokenWaits.getTotalCount()));
            results.setProperty("contended.node" + id + ".acquires", String.valueOf(c.acquires));
            results.setProperty("contended.node" + id + ".elapsedNs", String.valueOf(c.elapsedNs));
        });
        row.delta = snapshot().minus(before);
        waits.delta = row.delta;
        waits.acquires = waits.histogram.getTotalCount();
        final long cachedAcq = row.delta.stat(Counts.CACHED);
        final long queuedAcq = row.delta.stat(Counts.QUEUED);
        row.note = "(" + contendMs + " ms) " + perNode + String.format(Locale.ROOT,
            "; %d of %d acquires found the token here and free (%.2f %%); the token moved %d times (%.0f/s)",
            cachedAcq, cachedAcq + queuedAcq, 100.0 * cachedAcq / Math.max(1, cachedAcq + queuedAcq),
            row.delta.stat(Counts.TOKENS_OUT), row.delta.stat(Counts.TOKENS_OUT) / (contendMs / 1e3));
        waits.note = "the same messages divided by these acquires only";
        rows.add(row);
        rows.add(waits);
    }

    private interface PerNode
    {
        void accept(int id, Loops.Contended c);
    }

    /** Every JVM's thread loops for {@code ms}; returns the acquires of all. */
    private long contendRound(final long ms, final PerNode perNode)
    {
        final long startAt = System.currentTimeMillis() + START_DELAY_MS;
        for (int p = 1; p < n; p++)
        {
            peers[p].send("contend " + ms + " " + startAt);
        }
        final Loops.Contended own = Loops.contend(lock, ms, () -> node.lockStats().tokensReceived(), startAt);
        long acquires = own.acquires;
        if (perNode != null)
        {
            perNode.accept(0, own);
        }
        for (int p = 1; p < n; p++)
        {
            final String[] f = peers[p].receive().split(" ");
            final Loops.Contended c = new Loops.Contended();
            c.acquires = Long.parseLong(f[0]);
            c.elapsedNs = Long.parseLong(f[1]);
            c.histogram.add(LockPeer.decode(f[2]));
            c.tokenWaits.add(LockPeer.decode(f[3]));
            acquires += c.acquires;
            if (perNode != null)
            {
                perNode.accept(p, c);
            }
        }
        return acquires;
    }

    private void counterBenchmark() throws InterruptedException, IOException
    {
        final int warm = Math.max(1, counterIncrements / 10);
        counterRound(warm);
        final Counts before = snapshot();
        final long[] elapsed = counterRound(counterIncrements);
        Control.sleep(100); // let the last fault's trailing messages (Confirm) land before counting
        final Counts delta = snapshot().minus(before);
        final long expected = (long)n * counterThreads * (warm + counterIncrements);
        final long[] seen = new long[n];
        seen[0] = Loops.read(counter);
        for (int p = 1; p < n; p++)
        {
            seen[p] = Long.parseLong(peers[p].call("read"));
        }

        final long perNode = (long)counterThreads * counterIncrements;
        final long all = perNode * n;
        final long longest = Arrays.stream(elapsed).max().orElse(1);
        final double total = all / (longest / 1e9);
        System.out.printf("%n== contended synchronized counter: %d JVMs x %d threads x %d increments of one shared field " +
            "(after %d per thread not timed) ==%n", n, counterThreads, counterIncrements, warm);
        System.out.printf("  %-6s %12s %12s %12s%n", "node", "increments", "elapsed ms", "ops/s");
        for (int i = 0; i < n; i++)
        {
            System.out.printf(Locale.ROOT, "  %-6d %12d %12.1f %12.0f%n", i, perNode, elapsed[i] / 1e6, perNode / (elapsed[i] / 1e9));
            results.setProperty("counter.node" + i + ".ops", fmt(perNode / (elapsed[i] / 1e9)));
        }
        System.out.printf(Locale.ROOT, "  %-6s %12d %12.1f %12.0f   (all increments / the longest node's time)%n", "all", all,
            longest / 1e6, total);
        results.setProperty("counter.threads", String.valueOf(counterThreads));
        results.setProperty("counter.increments", String.valueOf(counterIncrements));
        results.setProperty("counter.total.ops", fmt(total));

        final Properties plain = plain();
        final String plainKey = "plain.counter." + (n * counterThreads) + ".ops";
        if (plain != null && plain.getProperty(plainKey) != null)
        {
            final double plainOps = Double.parseDouble(plain.getProperty(plainKey));
            System.out.printf(Locale.ROOT, "  one plain JVM without the agent, %d threads x %d increments (%s): %.0f ops/s; " +
                "dsm / one JVM = %.5f (1 / %.0f)%n", n * counterThreads, counterIncrements,
                plain.getProperty("plain.counter.how", "?"), plainOps, total / plainOps, plainOps / total);
            results.setProperty("counter.plain.ops", fmt(plainOps));
            results.setProperty("counter.ratio", String.format(Locale.ROOT, "%.6f", total / plainOps));
            final String steady = plain.getProperty("plain.counter." + (n * counterThreads) + ".steady.ops");
            if (steady != null)
            {
                final double steadyOps = Double.parseDouble(steady);
                System.out.printf(Locale.ROOT, "  the same plain JVM with %s increments per thread (its steady rate): %.0f ops/s; " +
                    "dsm / one JVM = %.6f (1 / %.0f)%n", plain.getProperty("plain.counter.steady.increments", "?"), steadyOps,
                    total / steadyOps, steadyOps / total);
                results.setProperty("counter.plain.steady.ops", fmt(steadyOps));
            }
        }
        else
        {
            System.out.println("  (no plain-JVM figure for " + (n * counterThreads) + " threads: run PlainBaseline first, -Dbench.plain=...)");
        }
        final double incs = all;
        System.out.printf(Locale.ROOT, "  messages per increment: lock %.2f (%s), data %.2f (%s)%n", delta.lockMessages() / incs,
            delta.breakdown(true, incs), delta.dataMessages() / incs, delta.breakdown(false, incs));
        final long cachedAcq = delta.stat(Counts.CACHED);
        final long queuedAcq = delta.stat(Counts.QUEUED);
        System.out.printf(Locale.ROOT, "  acquires: %d found the token here and free, %d waited (for a local thread or the token); " +
            "the token moved %d times (%.2f increments per move)%n", cachedAcq, queuedAcq, delta.stat(Counts.TOKENS_OUT),
            incs / Math.max(1, delta.stat(Counts.TOKENS_OUT)));
        results.setProperty("counter.lockMsgsPerOp", fmt(delta.lockMessages() / incs));
        results.setProperty("counter.dataMsgsPerOp", fmt(delta.dataMessages() / incs));
        final StringBuilder reads = new StringBuilder();
        boolean exact = true;
        for (int i = 0; i < n; i++)
        {
            reads.append(i == 0 ? "" : ", ").append("node ").append(i).append(" read ").append(seen[i]);
            exact &= seen[i] == expected;
        }
        System.out.printf("  final count under the lock: %s; expected %d: %s%n", reads, expected,
            exact ? "exact" : "NOT EXACT (a lost or duplicated update: a bug)");
        results.setProperty("counter.final", Arrays.toString(seen));
        results.setProperty("counter.expected", String.valueOf(expected));
        results.setProperty("counter.exact", String.valueOf(exact));
        countExact &= exact;
    }

    /** Every JVM runs the counter with {@code increments} per thread; returns each node's elapsed ns. */
    private long[] counterRound(final int increments) throws InterruptedException
    {
        final long startAt = System.currentTimeMillis() + START_DELAY_MS;
        for (int p = 1; p < n; p++)
        {
            peers[p].send("counter " + counterThreads + " " + increments + " " + startAt);
        }
        final long[] elapsed = new long[n];
        elapsed[0] = Loops.counter(counter, counterThreads, increments, startAt);
        for (int p = 1; p < n; p++)
        {
            elapsed[p] = Long.parseLong(peers[p].receive());
        }
        return elapsed;
    }

    // ---------------------------------------------------------------- counters

    /** Every node's counters, summed. No dsm message is sent to take them. */
    private Counts snapshot()
    {
        Counts sum = snapshotLocalOnly();
        for (int p = 1; p < n; p++)
        {
            sum = sum.plus(new Counts(Control.parse(peers[p].call("counters"))));
        }
        return sum;
    }

    private Counts snapshotLocalOnly()
    {
        return new Counts(Counts.snapshot(node));
    }

    // ---------------------------------------------------------------- report

    private Properties plain() throws IOException
    {
        final String file = System.getProperty("bench.plain");
        if (file == null || !Files.isRegularFile(Path.of(file)))
        {
            return null;
        }
        final Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(file)))
        {
            p.load(r);
        }
        return p;
    }

    private void printLatencies() throws IOException
    {
        final double dg50 = rawDatagram.getValueAtPercentile(50);
        final double dg99 = rawDatagram.getValueAtPercentile(99);
        final double ae50 = rawAeron.getValueAtPercentile(50);
        final double ae99 = rawAeron.getValueAtPercentile(99);
        System.out.printf("%n== lock acquire + release, %d JVMs: latencies in us; ratios to the raw round trips between the same JVMs " +
            "in this run ==%n", n);
        System.out.printf("%-70s %8s %8s %8s %8s %9s %6s %6s %6s %6s %6s %6s%n", "", "count", "p50", "p90", "p99", "max",
            "msgs", "data", "p50/dg", "p99/dg", "p50/ae", "p99/ae");
        printRow("raw: blocking DatagramSocket ping-pong, node 0 <-> each peer", rawDatagram, "2", "-", dg50, dg99, ae50, ae99);
        printRow("raw: Aeron UDP ping-pong on the nodes' drivers, node 0 <-> each peer", rawAeron, "2", "-", dg50, dg99, ae50, ae99);
        store("raw.datagram", rawDatagram);
        store("raw.aeron", rawAeron);
        for (final Row row : rows)
        {
            printRow(row.label, row.histogram, fmt(row.delta.lockMessages() / (double)row.acquires),
                fmt(row.delta.dataMessages() / (double)row.acquires), dg50, dg99, ae50, ae99);
            store(row.key, row.histogram);
            results.setProperty(row.key + ".msgs", fmt(row.delta.lockMessages() / (double)row.acquires));
            results.setProperty(row.key + ".data", fmt(row.delta.dataMessages() / (double)row.acquires));
        }
        System.out.println("msgs / data: lock / other messages sent by all nodes per acquire; dg = DatagramSocket, ae = Aeron");
        for (final Row row : rows)
        {
            System.out.printf("  %-10s lock messages per acquire by type: %s%s%n", row.key, row.delta.breakdown(true, row.acquires),
                row.note.isEmpty() ? "" : "\n             " + row.note);
        }
        System.out.println("  on this machine, measured in this run: " + String.join("; ", parks) + " (idle strategy here: " +
            config.idleStrategy() + "; the default, backoff, parks 1 to 100 us once it has spun and yielded, and a parked " +
            "thread sees a message only when its park ends)");
        final Properties plain = plain();
        final Row cachedRow = rows.get(0);
        if (plain != null && plain.getProperty("plain.cached.p50") != null)
        {
            final double p50 = Double.parseDouble(plain.getProperty("plain.cached.p50"));
            final double p99 = Double.parseDouble(plain.getProperty("plain.cached.p99"));
            System.out.printf(Locale.ROOT, "  cached against one plain JVM without the agent (uncontended synchronized, same loop): " +
                "plain p50 %.3f us, p99 %.3f us; cached / plain = %.2f (p50), %.2f (p99)%n", p50 / 1e3, p99 / 1e3,
                cachedRow.histogram.getValueAtPercentile(50) / p50, cachedRow.histogram.getValueAtPercentile(99) / p99);
        }
    }

    private static void printRow(final String label, final Histogram h, final String msgs, final String data,
        final double dg50, final double dg99, final double ae50, final double ae99)
    {
        final double p50 = h.getValueAtPercentile(50);
        final double p99 = h.getValueAtPercentile(99);
        System.out.printf(Locale.ROOT, "%-70s %8d %8.2f %8.2f %8.2f %9.1f %6s %6s %6.2f %6.2f %6.2f %6.2f%n", label,
            h.getTotalCount(), p50 / 1e3, h.getValueAtPercentile(90) / 1e3, p99 / 1e3, h.getMaxValue() / 1e3, msgs, data,
            p50 / dg50, p99 / dg99, p50 / ae50, p99 / ae99);
    }

    private void store(final String key, final Histogram h)
    {
        Histograms.store(results, key, h);
    }

    private static void section(final String what)
    {
        System.out.printf("-- %s (%tT)%n", what, System.currentTimeMillis());
    }

    private static String fmt(final double v)
    {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
