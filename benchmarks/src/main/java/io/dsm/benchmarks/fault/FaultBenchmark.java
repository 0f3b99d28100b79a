package io.dsm.benchmarks.fault;

import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;

import io.aeron.Aeron;
import io.dsm.api.Dsm;
import io.dsm.runtime.DsmCluster;
import io.dsm.runtime.DsmNode;
import io.dsm.runtime.DsmRuntime;
import io.dsm.runtime.config.ConfigKey;
import io.dsm.runtime.config.NodeConfig;
import io.dsm.runtime.transport.EmbeddedAeron;
import io.dsm.runtime.transport.IdleStrategies;
import io.dsm.runtime.wire.MessageCounters;

/**
 * Round trip of a fault against a raw Aeron ping-pong over the same kind of channel, with the
 * same media driver settings and idle strategy, measured in the same run. Every access in the
 * measured loops is a fault (the block alternates between the nodes); latencies go into
 * HdrHistograms; a separate slow pass counts the network messages each kind of fault sends.
 *
 * <pre>
 * FaultBenchmark inprocess [results.properties]   two nodes in this JVM over Aeron IPC (DsmCluster),
 *                                                  then raw IPC ping-pong on an EmbeddedAeron of the same settings
 * FaultBenchmark udp-main  [results.properties]   this JVM is node 0 (agent started with a config);
 *                                                  drives the peer JVM over a raw UDP control channel
 * FaultBenchmark udp-peer                          the peer JVM (node 1): obeys commands until told to stop
 * </pre>
 * System properties: bench.warmup (2000, per fault kind, all kinds before any is measured),
 * bench.iterations (10000) per fault kind; bench.ping.warmup
 * (5000), bench.ping.iterations (20000); bench.count.faults (20); bench.aeron.dir (raw IPC driver
 * directory); bench.ctl.main / bench.ctl.peer (UDP endpoints of the control channel);
 * dsm.term.length and dsm.idle.strategy for the in-process cluster and its raw twin.
 */
public final class FaultBenchmark
{
    static final int CONTROL_STREAM = 7001;
    static final int PING_STREAM = 3001;
    static final int PONG_STREAM = 3002;
    static final String ROOT = "fault-benchmark-cell";
    static final long HIGHEST_NS = TimeUnit.SECONDS.toNanos(60);

    private final int warmup = Integer.getInteger("bench.warmup", 2000);
    private final int iterations = Integer.getInteger("bench.iterations", 10_000);
    private final int pingWarmup = Integer.getInteger("bench.ping.warmup", 5000);
    private final int pingIterations = Integer.getInteger("bench.ping.iterations", 20_000);
    private final int countFaults = Integer.getInteger("bench.count.faults", 20);
    private final Properties results = new Properties();
    private final String prefix;
    private long pingSeq;

    private FaultBenchmark(final String prefix)
    {
        this.prefix = prefix;
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length < 1)
        {
            System.err.println("usage: FaultBenchmark inprocess|udp-main|udp-peer [results.properties]");
            System.exit(2);
        }
        final Path out = args.length > 1 ? Path.of(args[1]) : null;
        switch (args[0])
        {
            case "inprocess":
                new FaultBenchmark("ipc").inProcess(out);
                break;
            case "udp-main":
                new FaultBenchmark("udp").udpMain(out);
                break;
            case "udp-peer":
                udpPeer();
                break;
            default:
                System.err.println("unknown mode " + args[0] + "; use inprocess, udp-main or udp-peer");
                System.exit(2);
        }
    }

    // ------------------------------------------------------------------ in-process: IPC

    private void inProcess(final Path out) throws IOException
    {
        final int termLength = Integer.getInteger(NodeConfig.TERM_LENGTH, 1 << 20);
        final String idle = System.getProperty(NodeConfig.IDLE_STRATEGY, ConfigKey.IDLE_STRATEGY.defaultValue());
        final String rawDir = System.getProperty("bench.aeron.dir",
            "/dev/shm/dsm-bench-" + ManagementFactory.getRuntimeMXBean().getPid() + "-rawipc");
        System.out.printf("== faults between two nodes in one JVM over Aeron IPC (term %d, idle %s, SHARED driver) ==%n",
            termLength, idle);
        results.setProperty(prefix + ".transport", "Aeron IPC, one JVM, term " + termLength + ", idle " + idle);

        // raw ping-pong, half before and half after the faults so that both see the same machine
        final Histogram raw = new Histogram(HIGHEST_NS, 3);
        rawIpc(rawDir, termLength, idle, raw, pingIterations / 2);
        final Properties overrides = new Properties();
        overrides.setProperty(NodeConfig.TERM_LENGTH, String.valueOf(termLength));
        overrides.setProperty(NodeConfig.IDLE_STRATEGY, idle);
        try (DsmCluster cluster = DsmCluster.start(2, overrides))
        {
            final DsmNode n0 = cluster.node(0);
            final DsmNode n1 = cluster.node(1);
            final NodeSide s0 = new NodeSide.Local(n0, n0.root(ROOT, FaultCell::new));
            final NodeSide s1 = new NodeSide.Local(n1, n1.root(ROOT, FaultCell::new));
            runScenarios(s0, s1);
            reportErrors(n0, n1);
        }
        rawIpc(rawDir, termLength, idle, raw, pingIterations - pingIterations / 2);
        record("raw", "raw Aeron IPC ping-pong round trip", raw, -1, "", 0);
        printAndStore(out);
    }

    /** Raw IPC ping-pong on an embedded driver built by the very code DsmCluster uses, with the same arguments. */
    private void rawIpc(final String dir, final int termLength, final String idle, final Histogram h, final int count)
    {
        try (EmbeddedAeron aeron = EmbeddedAeron.launch(dir, termLength, idle, t -> System.err.println("[raw ipc] " + t)))
        {
            final String channel = "aeron:ipc?term-length=" + termLength;
            final ControlChannel ping = new ControlChannel(
                aeron.aeron(), channel, PING_STREAM, channel, PONG_STREAM, IdleStrategies.forName(idle));
            final ControlChannel pong = new ControlChannel(
                aeron.aeron(), channel, PONG_STREAM, channel, PING_STREAM, IdleStrategies.forName(idle));
            final AgentRunner pongRunner = new AgentRunner(
                IdleStrategies.forName(idle), Throwable::printStackTrace, null, new PongAgent(pong));
            AgentRunner.startOnThread(pongRunner);
            try
            {
                if (!ping.awaitConnected(TimeUnit.SECONDS.toNanos(10)) || !pong.awaitConnected(TimeUnit.SECONDS.toNanos(10)))
                {
                    throw new IllegalStateException("raw IPC ping-pong streams did not connect");
                }
                pingPong(ping, h, count);
            }
            finally
            {
                CloseHelper.quietCloseAll(pongRunner, ping, pong);
            }
        }
    }

    /** Echoes pings: the responder of the raw ping-pong, on an AgentRunner like a node's protocol agent. */
    private static final class PongAgent implements Agent
    {
        private final ControlChannel channel;

        PongAgent(final ControlChannel channel)
        {
            this.channel = channel;
        }

        @Override
        public int doWork()
        {
            if (channel.pollOnce())
            {
                channel.send(ControlChannel.PONG, channel.seq, channel.value, 0);
                return 1;
            }
            return 0;
        }

        @Override
        public String roleName()
        {
            return "raw-pong";
        }
    }

    // ------------------------------------------------------------------ two JVMs: UDP

    private void udpMain(final Path out) throws IOException
    {
        final DsmNode node = DsmRuntime.defaultNode();
        final NodeConfig config = node.config();
        final FaultCell cell = Dsm.root(ROOT, FaultCell::new);
        System.out.printf("== faults between two JVMs over Aeron UDP on 127.0.0.1 (term %d, idle %s, SHARED driver) ==%n",
            config.termLength(), config.idleStrategy());
        results.setProperty(prefix + ".transport", "Aeron UDP, two JVMs on 127.0.0.1, term " + config.termLength() +
            ", idle " + config.idleStrategy());
        try (Aeron aeron = connect(config);
            ControlChannel channel = new ControlChannel(aeron,
                udpChannel(System.getProperty("bench.ctl.peer", "127.0.0.1:40211"), config.termLength()), CONTROL_STREAM,
                udpChannel(System.getProperty("bench.ctl.main", "127.0.0.1:40210"), config.termLength()), CONTROL_STREAM,
                IdleStrategies.forName(config.idleStrategy())))
        {
            if (!channel.awaitConnected(TimeUnit.SECONDS.toNanos(30)))
            {
                throw new IllegalStateException("the peer JVM's control channel did not connect within 30 s");
            }
            // raw ping-pong, half before and half after the faults so that both see the same machine
            final Histogram raw = new Histogram(HIGHEST_NS, 3);
            pingPong(channel, raw, pingIterations / 2);
            final NodeSide s0 = new NodeSide.Local(node, cell);
            final NodeSide s1 = new NodeSide.Remote(channel, config.peers().get(0));
            runScenarios(s0, s1);
            pingPong(channel, raw, pingIterations - pingIterations / 2);
            record("raw", "raw Aeron UDP ping-pong round trip (two JVMs)", raw, -1, "", 0);
            channel.send(ControlChannel.STOP, Long.MAX_VALUE, 0, 0);
            channel.expect(ControlChannel.BYE, Long.MAX_VALUE, TimeUnit.SECONDS.toNanos(10));
            reportErrors(node);
        }
        printAndStore(out);
    }

    /** The peer JVM: answers pings and performs timed accesses on command, until STOP. */
    private static void udpPeer()
    {
        final DsmNode node = DsmRuntime.defaultNode();
        final NodeConfig config = node.config();
        final FaultCell cell = Dsm.root(ROOT, FaultCell::new);
        final NodeSide self = new NodeSide.Local(node, cell);
        try (Aeron aeron = connect(config);
            ControlChannel channel = new ControlChannel(aeron,
                udpChannel(System.getProperty("bench.ctl.main", "127.0.0.1:40210"), config.termLength()), CONTROL_STREAM,
                udpChannel(System.getProperty("bench.ctl.peer", "127.0.0.1:40211"), config.termLength()), CONTROL_STREAM,
                IdleStrategies.forName(config.idleStrategy())))
        {
            while (true)
            {
                if (!channel.receive(TimeUnit.SECONDS.toNanos(120)))
                {
                    System.err.println("[peer] no command for 120 s; giving up");
                    return;
                }
                final long seq = channel.seq;
                switch (channel.op)
                {
                    case ControlChannel.PING:
                        channel.send(ControlChannel.PONG, seq, channel.value, 0);
                        break;
                    case ControlChannel.WRITE:
                    case ControlChannel.READ:
                        final long latency = self.access(channel.op, channel.value);
                        channel.send(ControlChannel.DONE, seq, latency, self.lastFaulted() ? 1 : 0);
                        break;
                    case ControlChannel.COUNTERS:
                        channel.send(ControlChannel.COUNTS, seq, 0, 0, self.sent());
                        break;
                    case ControlChannel.STOP:
                        channel.send(ControlChannel.BYE, seq, 0, 0);
                        if (node.errorCount() != 0)
                        {
                            System.err.println("[peer] node 1 recorded " + node.errorCount() + " errors; " + node.counters());
                        }
                        return;
                    default:
                        throw new IllegalStateException("[peer] unknown command " + channel.op);
                }
            }
        }
    }

    /** A second client of this node's own embedded media driver: the raw side shares the driver the node uses. */
    private static Aeron connect(final NodeConfig config)
    {
        return Aeron.connect(new Aeron.Context()
            .aeronDirectoryName(config.aeronDir())
            .errorHandler(t -> System.err.println("[bench aeron] " + t)));
    }

    /** The same channel form as the dsm transport's (AeronTransport.udpChannel). */
    private static String udpChannel(final String endpoint, final int termLength)
    {
        return "aeron:udp?endpoint=" + endpoint + "|term-length=" + termLength;
    }

    // ------------------------------------------------------------------ measuring

    /** Warms up, then records {@code count} round trips into {@code h}. */
    private void pingPong(final ControlChannel ping, final Histogram h, final int count)
    {
        final long timeout = TimeUnit.SECONDS.toNanos(10);
        for (int i = 0; i < pingWarmup + count; i++)
        {
            final long seq = ++pingSeq;
            final long start = System.nanoTime();
            ping.send(ControlChannel.PING, seq, start, 0);
            ping.expect(ControlChannel.PONG, seq, timeout);
            final long rtt = System.nanoTime() - start;
            if (i >= pingWarmup)
            {
                h.recordValue(rtt);
            }
        }
    }

    /** One kind of fault: which node makes which access. */
    private static final class Kind
    {
        final String key;
        final String label;
        final NodeSide side;
        final int op;
        final Histogram histogram = new Histogram(HIGHEST_NS, 3);
        final long[] messages = new long[MessageCounters.TYPES.length - 1];
        long counted;
        long notFaulted;

        Kind(final String key, final String label, final NodeSide side, final int op)
        {
            this.key = key;
            this.label = label;
            this.side = side;
            this.op = op;
        }
    }

    private void runScenarios(final NodeSide n0, final NodeSide n1)
    {
        final List<Kind[]> scenarios = new ArrayList<>();
        scenarios.add(new Kind[] {
            new Kind("W1", "write fault on node 1: ownership moves 0 -> 1", n1, ControlChannel.WRITE),
            new Kind("W0", "write fault on node 0 (manager): ownership moves 1 -> 0", n0, ControlChannel.WRITE)});
        scenarios.add(new Kind[] {
            new Kind("U0", "write fault on owner node 0: invalidates node 1's copy", n0, ControlChannel.WRITE),
            new Kind("R1", "read fault on node 1: copy from owner node 0", n1, ControlChannel.READ)});
        scenarios.add(new Kind[] {
            new Kind("U1", "write fault on owner node 1: invalidates node 0's copy", n1, ControlChannel.WRITE),
            new Kind("R0", "read fault on node 0 (manager): copy from owner node 1", n0, ControlChannel.READ)});
        long value = 0;
        // warm every fault path up before measuring any (the first scenario measured alone had a
        // p99 several times higher: the slow path was still being compiled)
        for (final Kind[] scenario : scenarios)
        {
            for (int i = 0; i < warmup; i++)
            {
                for (final Kind k : scenario)
                {
                    k.side.access(k.op, ++value);
                }
            }
        }
        for (final Kind[] scenario : scenarios)
        {
            final int settle = Math.min(warmup, 200); // back into this scenario's steady state
            for (int i = 0; i < settle + iterations; i++)
            {
                for (final Kind k : scenario)
                {
                    final long latency = k.side.access(k.op, ++value);
                    if (i >= settle)
                    {
                        k.histogram.recordValue(latency);
                        if (!k.side.lastFaulted())
                        {
                            k.notFaulted++;
                        }
                    }
                }
            }
            // counting pass: one fault at a time, then let its trailing messages (Confirm) land;
            // first let the last measured fault's trailing messages land too
            ControlChannel.sleepQuietly(50);
            for (int i = 0; i < countFaults; i++)
            {
                for (final Kind k : scenario)
                {
                    final long[] before = add(n0.sent(), n1.sent());
                    k.side.access(k.op, ++value);
                    ControlChannel.sleepQuietly(10);
                    final long[] after = add(n0.sent(), n1.sent());
                    for (int t = 0; t < after.length; t++)
                    {
                        k.messages[t] += after[t] - before[t];
                    }
                    k.counted++;
                }
            }
            for (final Kind k : scenario)
            {
                long total = 0;
                final StringBuilder breakdown = new StringBuilder();
                for (int t = 0; t < k.messages.length; t++)
                {
                    total += k.messages[t];
                    if (k.messages[t] != 0)
                    {
                        breakdown.append(breakdown.length() == 0 ? "" : " ").append(MessageCounters.TYPES[t + 1])
                            .append('=').append(fmt(k.messages[t] / (double)k.counted));
                    }
                }
                record(k.key, k.label, k.histogram, total / (double)k.counted, breakdown.toString(), k.notFaulted);
            }
        }
    }

    private static long[] add(final long[] a, final long[] b)
    {
        final long[] sum = new long[a.length];
        for (int i = 0; i < a.length; i++)
        {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }

    private void reportErrors(final DsmNode... nodes)
    {
        long errors = 0;
        long dropped = 0;
        for (final DsmNode n : nodes)
        {
            errors += n.errorCount();
            dropped += n.counters().totalDropped();
        }
        results.setProperty(prefix + ".errors", String.valueOf(errors));
        results.setProperty(prefix + ".dropped", String.valueOf(dropped));
        if (errors != 0 || dropped != 0)
        {
            System.out.println("WARNING: nodes recorded " + errors + " errors and dropped " + dropped + " frames");
        }
    }

    // ------------------------------------------------------------------ results

    private final TreeMap<Integer, String> order = new TreeMap<>();

    private void record(final String key, final String label, final Histogram h, final double messages,
        final String breakdown, final long notFaulted)
    {
        final String k = prefix + "." + key;
        order.put(order.size(), key);
        results.setProperty(k + ".label", label);
        results.setProperty(k + ".count", String.valueOf(h.getTotalCount()));
        results.setProperty(k + ".p50", String.valueOf(h.getValueAtPercentile(50)));
        results.setProperty(k + ".p90", String.valueOf(h.getValueAtPercentile(90)));
        results.setProperty(k + ".p99", String.valueOf(h.getValueAtPercentile(99)));
        results.setProperty(k + ".max", String.valueOf(h.getMaxValue()));
        results.setProperty(k + ".mean", String.valueOf((long)h.getMean()));
        if (messages >= 0)
        {
            results.setProperty(k + ".msgs", fmt(messages));
            results.setProperty(k + ".breakdown", breakdown);
            results.setProperty(k + ".notFaulted", String.valueOf(notFaulted));
        }
    }

    private void printAndStore(final Path out) throws IOException
    {
        final double rawP50 = Double.parseDouble(results.getProperty(prefix + ".raw.p50"));
        final double rawP99 = Double.parseDouble(results.getProperty(prefix + ".raw.p99"));
        System.out.printf("%-4s %-58s %9s %9s %9s %9s %8s %8s %6s  %s%n",
            "", "(latencies in us)", "p50", "p90", "p99", "max", "p50/raw", "p99/raw", "msgs", "messages per fault by type");
        final List<String> keys = new ArrayList<>(List.of("raw"));
        order.values().stream().filter(key -> !"raw".equals(key)).forEach(keys::add);
        for (final String key : keys)
        {
            final String k = prefix + "." + key;
            final double p50 = Double.parseDouble(results.getProperty(k + ".p50"));
            final double p99 = Double.parseDouble(results.getProperty(k + ".p99"));
            final boolean isRaw = "raw".equals(key);
            System.out.printf("%-4s %-58s %9.1f %9.1f %9.1f %9.1f %8s %8s %6s  %s%n",
                key, results.getProperty(k + ".label"), p50 / 1e3,
                Double.parseDouble(results.getProperty(k + ".p90")) / 1e3, p99 / 1e3,
                Double.parseDouble(results.getProperty(k + ".max")) / 1e3,
                isRaw ? "1.00" : fmt(p50 / rawP50), isRaw ? "1.00" : fmt(p99 / rawP99),
                isRaw ? "2" : results.getProperty(k + ".msgs"),
                isRaw ? "ping, pong" : results.getProperty(k + ".breakdown") +
                    ("0".equals(results.getProperty(k + ".notFaulted")) ? "" :
                    "  (" + results.getProperty(k + ".notFaulted") + " accesses did not fault!)"));
        }
        if (out != null)
        {
            try (Writer w = Files.newBufferedWriter(out))
            {
                results.store(w, "fault benchmark " + prefix);
            }
        }
    }

    private static String fmt(final double v)
    {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
