package io.dsm.benchmarks.locks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

import io.aeron.Aeron;
import io.dsm.benchmarks.fault.ControlChannel;
import io.dsm.runtime.config.NodeConfig;
import io.dsm.runtime.transport.IdleStrategies;

/**
 * The outside references a lock round trip is compared with, between the same two JVMs:
 * <ul>
 * <li>a blocking {@link DatagramSocket} ping-pong on 127.0.0.1, the simplest round trip a JVM
 *     can make: both sides wait in the kernel for the packet;</li>
 * <li>the raw Aeron UDP ping-pong of the fault benchmark ({@link ControlChannel}): a second client
 *     of each node's own media driver, the dsm transport's channel form and term length, waiting
 *     with the node's idle strategy.</li>
 * </ul>
 * The peer side of each is an echo thread that runs only while the coordinator pings, so that it
 * takes no CPU from the lock measurements.
 */
public final class RawPing
{
    public static final int STREAM = 7101;
    public static final int PAYLOAD = 64;
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private RawPing()
    {
    }

    // ports, all derived from bench.port.base so that the script passes one number
    public static int datagramPort(final int base, final int peer)
    {
        return base + 60 + peer;
    }

    public static int aeronMainPort(final int base, final int peer)
    {
        return base + 20 + peer;
    }

    public static int aeronPeerPort(final int base, final int peer)
    {
        return base + 40 + peer;
    }

    public static int controlPort(final int base)
    {
        return base + 80;
    }

    /** The same channel form as the dsm transport's (AeronTransport.udpChannel). */
    public static String udpChannel(final int port, final int termLength)
    {
        return "aeron:udp?endpoint=127.0.0.1:" + port + "|term-length=" + termLength;
    }

    /** A second client of this node's embedded media driver. */
    public static Aeron connect(final NodeConfig config)
    {
        return Aeron.connect(new Aeron.Context()
            .aeronDirectoryName(config.aeronDir())
            .errorHandler(t -> System.err.println("[lock bench aeron] " + t)));
    }

    // ---------------------------------------------------------------- coordinator side

    /** {@code warmup} unrecorded, then {@code count} recorded round trips of a 64-byte datagram. */
    public static void datagramPingPong(final DatagramSocket socket, final InetSocketAddress peer, final Histogram h,
        final int warmup, final int count)
    {
        final byte[] out = new byte[PAYLOAD];
        final byte[] in = new byte[PAYLOAD];
        final DatagramPacket send = new DatagramPacket(out, out.length, peer);
        final DatagramPacket receive = new DatagramPacket(in, in.length);
        final ByteBuffer outBuf = ByteBuffer.wrap(out);
        final ByteBuffer inBuf = ByteBuffer.wrap(in);
        try
        {
            socket.setSoTimeout((int)TimeUnit.NANOSECONDS.toMillis(TIMEOUT_NS));
            for (long seq = 1; seq <= warmup + count; seq++)
            {
                outBuf.putLong(0, seq);
                final long start = System.nanoTime();
                socket.send(send);
                do
                {
                    socket.receive(receive);
                }
                while (inBuf.getLong(0) != seq); // a late answer to an earlier ping (none expected on loopback)
                final long rtt = System.nanoTime() - start;
                if (seq > warmup)
                {
                    h.recordValue(Math.min(rtt, Loops.HIGHEST_NS));
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("datagram ping-pong with " + peer + ": " + ex.getMessage(), ex);
        }
    }

    /** The fault benchmark's raw Aeron ping-pong: PING, wait for the PONG with the same sequence number. */
    public static void aeronPingPong(final ControlChannel channel, final Histogram h, final int warmup, final int count,
        final long firstSeq)
    {
        for (int i = 0; i < warmup + count; i++)
        {
            final long seq = firstSeq + i;
            final long start = System.nanoTime();
            channel.send(ControlChannel.PING, seq, start, 0);
            channel.expect(ControlChannel.PONG, seq, TIMEOUT_NS);
            final long rtt = System.nanoTime() - start;
            if (i >= warmup)
            {
                h.recordValue(Math.min(rtt, Loops.HIGHEST_NS));
            }
        }
    }

    // ---------------------------------------------------------------- peer side

    /** A thread echoing whatever arrives, started and stopped on command. */
    public abstract static class Echo
    {
        private volatile boolean running;
        private Thread thread;

        public void start(final String name)
        {
            if (thread != null)
            {
                throw new IllegalStateException(name + " runs already");
            }
            running = true;
            thread = new Thread(() ->
            {
                while (running)
                {
                    echoOnce();
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        public void stop() throws InterruptedException
        {
            running = false;
            if (thread != null)
            {
                thread.join(5000);
                if (thread.isAlive())
                {
                    throw new IllegalStateException(thread.getName() + " did not stop within 5 s");
                }
                thread = null;
            }
        }

        /** Waits at most ~100 ms for one message and echoes it. */
        protected abstract void echoOnce();
    }

    /** Blocking datagram echo on 127.0.0.1:port. */
    public static final class DatagramEcho extends Echo implements AutoCloseable
    {
        private final DatagramSocket socket;
        private final DatagramPacket packet = new DatagramPacket(new byte[PAYLOAD], PAYLOAD);

        public DatagramEcho(final int port)
        {
            try
            {
                socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", port));
                socket.setSoTimeout(100);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot bind a datagram socket to 127.0.0.1:" + port, ex);
            }
        }

        @Override
        protected void echoOnce()
        {
            try
            {
                packet.setLength(PAYLOAD);
                socket.receive(packet);
                socket.send(packet); // back to the sender's address, which the packet carries
            }
            catch (final SocketTimeoutException ex)
            {
                // no ping for 100 ms: look at the running flag again
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }

        @Override
        public void close()
        {
            socket.close();
        }
    }

    /** Aeron echo: answers PING with PONG, waiting with the node's idle strategy (as FaultBenchmark's peer does). */
    public static final class AeronEcho extends Echo
    {
        private final ControlChannel channel;

        public AeronEcho(final Aeron aeron, final NodeConfig config, final int base, final int peer)
        {
            this.channel = new ControlChannel(aeron,
                udpChannel(aeronMainPort(base, peer), config.termLength()), STREAM,
                udpChannel(aeronPeerPort(base, peer), config.termLength()), STREAM,
                IdleStrategies.forName(config.idleStrategy()));
        }

        @Override
        protected void echoOnce()
        {
            if (channel.receive(TimeUnit.MILLISECONDS.toNanos(100)) && channel.op() == ControlChannel.PING)
            {
                channel.send(ControlChannel.PONG, channel.seq(), channel.value(), 0);
            }
        }

        public void close()
        {
            channel.close();
        }
    }
}
