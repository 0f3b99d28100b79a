package io.dsm.benchmarks.grid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

import io.aeron.Aeron;
import io.dsm.benchmarks.locks.Control;
import io.dsm.benchmarks.locks.RawPing;
import io.dsm.runtime.DsmRuntime;
import io.dsm.runtime.config.NodeConfig;

/**
 * The physical references a dsm fault is compared with, measured between the two dsm JVMs of the
 * same run (A pings, B echoes; the echo threads run only while A pings):
 * <ul>
 * <li>{@code datagram}: a blocking {@code DatagramSocket} ping-pong of 64 bytes on 127.0.0.1, both
 *     ends waiting in the kernel (the lock benchmark's, {@link RawPing});</li>
 * <li>{@code tuned.<variant>}: raw Aeron UDP, each side on a media driver of its own tuned for
 *     latency ({@link TunedAeron}); every variant of {@code bench.ref.tuned} is measured and the one
 *     with the lowest p50 is the reference;</li>
 * </ul>
 * The nodes' own media drivers are no reference any more: they have no thread of their own, the
 * node's agent runs them, and raw traffic on them goes out only when that agent happens to run.
 * Half of the round trips are taken before the workloads and half after. Only the dsm JVMs run
 * this class (Aeron comes with the agent).
 */
final class References implements AutoCloseable
{
    /**
     * The variants measured by default. {@code shared-spin} (a spinning driver thread and a spinning
     * ping thread per JVM: four spinning threads on this 2-core machine) was tried and is left out:
     * 2.4 ms p50, 60 ms p99, and it slows the run down.
     */
    static final String DEFAULT_TUNED = "invoker-spin,invoker-yielding,shared-yielding";
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private final Control peer;
    private final int base;
    private final NodeConfig config;
    private final String[] variants = System.getProperty("bench.ref.tuned", DEFAULT_TUNED).split(",");
    private final int warmup = Integer.getInteger("bench.ref.warmup", 1000);
    private final DatagramSocket datagram;
    final Histogram datagramRtt = GridBenchmark.histogram();
    final Map<String, Histogram> tunedRtt = new LinkedHashMap<>();

    References(final Control peer, final int base)
    {
        this.peer = peer;
        this.base = base;
        this.config = DsmRuntime.defaultNode().config();
        try
        {
            this.datagram = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        for (final String v : variants)
        {
            tunedRtt.put(v, GridBenchmark.histogram());
        }
    }

    /** The directory of one side's tuned driver: under bench.shm.prefix, which the script removes at exit. */
    static String tunedDir(final String side)
    {
        return System.getProperty("bench.shm.prefix", "/dev/shm/dsm-grid-" + ManagementFactory.getRuntimeMXBean().getPid()) +
            "-tuned-" + side;
    }

    /** {@code count} recorded round trips of each reference (after {@code bench.ref.warmup} not recorded). */
    void measure(final int count)
    {
        peer.call("datagram-echo on");
        RawPing.datagramPingPong(datagram, new InetSocketAddress("127.0.0.1", RawPing.datagramPort(base, 1)), datagramRtt,
            warmup, count);
        peer.call("datagram-echo off");

        for (final String variant : variants)
        {
            peer.call("tuned-echo on " + variant);
            try (TunedAeron ping = TunedAeron.open(variant, tunedDir("A"), config.termLength(), base + 91, base + 90))
            {
                if (!ping.awaitConnected(TimeUnit.SECONDS.toNanos(20)))
                {
                    throw new IllegalStateException("tuned Aeron " + variant + " did not connect within 20 s");
                }
                final Histogram h = tunedRtt.get(variant);
                for (long seq = 1; seq <= warmup + count; seq++)
                {
                    final long start = System.nanoTime();
                    ping.send(seq);
                    do
                    {
                        if (!ping.receive(TIMEOUT_NS))
                        {
                            throw new IllegalStateException("tuned Aeron " + variant + ": no pong within 10 s");
                        }
                    }
                    while (ping.lastSeq() != seq);
                    final long rtt = System.nanoTime() - start;
                    if (seq > warmup)
                    {
                        h.recordValue(Math.min(rtt, GridBenchmark.HIGHEST_NS));
                    }
                }
            }
            finally
            {
                peer.call("tuned-echo off");
            }
        }
    }

    /** The tuned variant with the lowest p50. */
    String bestTuned()
    {
        String best = null;
        for (final Map.Entry<String, Histogram> e : tunedRtt.entrySet())
        {
            if (e.getValue().getTotalCount() > 0 &&
                (best == null || e.getValue().getValueAtPercentile(50) < tunedRtt.get(best).getValueAtPercentile(50)))
            {
                best = e.getKey();
            }
        }
        return best;
    }

    @Override
    public void close()
    {
        datagram.close();
    }

    /** B's side: the echoes, started and stopped on A's command. */
    static final class Echoes implements AutoCloseable
    {
        private final int base;
        private final NodeConfig config = DsmRuntime.defaultNode().config();
        private final RawPing.DatagramEcho datagram;
        private final Aeron aeron;
        private final RawPing.AeronEcho aeronEcho;
        private TunedEcho tuned;

        Echoes(final int base)
        {
            this.base = base;
            this.datagram = new RawPing.DatagramEcho(RawPing.datagramPort(base, 1));
            this.aeron = RawPing.connect(config);
            this.aeronEcho = new RawPing.AeronEcho(aeron, config, base, 1);
        }

        /** Obeys one command ("datagram-echo on|off", "aeron-echo on|off", "tuned-echo on VARIANT|off"). */
        void command(final String[] cmd) throws InterruptedException
        {
            final boolean on = "on".equals(cmd[1]);
            switch (cmd[0])
            {
                case "datagram-echo":
                    if (on)
                    {
                        datagram.start("datagram-echo");
                    }
                    else
                    {
                        datagram.stop();
                    }
                    break;
                case "aeron-echo":
                    if (on)
                    {
                        aeronEcho.start("aeron-echo");
                    }
                    else
                    {
                        aeronEcho.stop();
                    }
                    break;
                case "tuned-echo":
                    if (on)
                    {
                        tuned = new TunedEcho(TunedAeron.open(cmd[2], tunedDir("B"), config.termLength(), base + 90, base + 91));
                        tuned.start("tuned-echo-" + cmd[2]);
                    }
                    else if (tuned != null)
                    {
                        tuned.stop();
                        tuned.side.close();
                        tuned = null;
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown reference command " + cmd[0]);
            }
        }

        @Override
        public void close()
        {
            try
            {
                datagram.stop();
                aeronEcho.stop();
                if (tuned != null)
                {
                    tuned.stop();
                    tuned.side.close();
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            datagram.close();
            aeronEcho.close();
            aeron.close();
        }
    }

    /** Echoes tuned Aeron pings; its thread alone runs its side's duty cycles (invoker mode). */
    private static final class TunedEcho extends RawPing.Echo
    {
        final TunedAeron side;

        TunedEcho(final TunedAeron side)
        {
            this.side = side;
        }

        @Override
        protected void echoOnce()
        {
            if (side.receive(TimeUnit.MILLISECONDS.toNanos(100)))
            {
                side.send(side.lastSeq());
            }
        }
    }
}
