package io.dsm.benchmarks.locks;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;

import org.HdrHistogram.Histogram;

import io.aeron.Aeron;
import io.dsm.api.Dsm;
import io.dsm.runtime.DsmNode;
import io.dsm.runtime.DsmRuntime;
import io.dsm.runtime.config.NodeConfig;

/**
 * A peer JVM of the lock benchmark (node 1, 2, ...): connects to the coordinator, then obeys its
 * commands, one line each, until {@code stop}. Every lock operation it is told to make is made and
 * timed here, on this node's replica of the lock.
 */
final class LockPeer
{
    private LockPeer()
    {
    }

    static void run() throws Exception
    {
        final DsmNode node = DsmRuntime.defaultNode();
        final NodeConfig config = node.config();
        final int me = node.id();
        final int base = Integer.getInteger("bench.port.base", 47400);
        LockCell lock = null;
        LockCell counter = null;
        try (Aeron aeron = RawPing.connect(config);
            RawPing.DatagramEcho datagram = new RawPing.DatagramEcho(RawPing.datagramPort(base, me));
            Control control = Control.connect(RawPing.controlPort(base), 60_000, 600_000))
        {
            final RawPing.AeronEcho aeronEcho = new RawPing.AeronEcho(aeron, config, base, me);
            control.send("hello " + me);
            while (true)
            {
                final String[] cmd = control.receive().split(" ");
                try
                {
                    switch (cmd[0])
                    {
                        case "roots":
                            lock = Dsm.root(LockBenchmark.LOCK_ROOT, LockPeer::unbound);
                            counter = Dsm.root(LockBenchmark.COUNTER_ROOT, LockPeer::unbound);
                            control.send("ok");
                            break;
                        case "datagram-echo":
                            if ("on".equals(cmd[1]))
                            {
                                datagram.start("datagram-echo");
                            }
                            else
                            {
                                datagram.stop();
                            }
                            control.send("ok");
                            break;
                        case "aeron-echo":
                            if ("on".equals(cmd[1]))
                            {
                                aeronEcho.start("aeron-echo");
                            }
                            else
                            {
                                aeronEcho.stop();
                            }
                            control.send("ok");
                            break;
                        case "acquire":
                            control.send(Long.toString(Loops.acquireOnce(lock)));
                            break;
                        case "contend":
                            final Loops.Contended c = Loops.contend(lock, Long.parseLong(cmd[1]),
                                () -> node.lockStats().tokensReceived(), Long.parseLong(cmd[2]));
                            control.send(c.acquires + " " + c.elapsedNs + " " + encode(c.histogram) + " " + encode(c.tokenWaits));
                            break;
                        case "counter":
                            control.send(Long.toString(Loops.counter(counter, Integer.parseInt(cmd[1]), Integer.parseInt(cmd[2]),
                                Long.parseLong(cmd[3]))));
                            break;
                        case "read":
                            control.send(Long.toString(Loops.read(counter)));
                            break;
                        case "counters":
                            control.send(Control.join(Counts.snapshot(node)));
                            break;
                        case "stop":
                            aeronEcho.stop();
                            aeronEcho.close();
                            datagram.stop();
                            if (node.errorCount() != 0)
                            {
                                System.err.println("[peer " + me + "] the node recorded " + node.errorCount() + " errors; " +
                                    node.counters());
                            }
                            control.send("bye");
                            return;
                        default:
                            control.send("error unknown command " + cmd[0]);
                    }
                }
                catch (final RuntimeException ex)
                {
                    ex.printStackTrace();
                    control.send("error " + ex);
                }
            }
        }
    }

    private static LockCell unbound()
    {
        throw new IllegalStateException("the coordinator (node 0) binds the roots before it tells the peers to look them up");
    }

    static String encode(final Histogram h)
    {
        final ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        final int length = h.encodeIntoCompressedByteBuffer(buf); // from position 0 of a heap buffer
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buf.array(), length));
    }

    static Histogram decode(final String base64)
    {
        try
        {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), Loops.HIGHEST_NS);
        }
        catch (final DataFormatException ex)
        {
            throw new IllegalStateException("a peer sent a histogram that does not decode", ex);
        }
    }
}
