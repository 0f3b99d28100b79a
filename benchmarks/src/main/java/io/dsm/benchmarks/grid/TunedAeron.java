package io.dsm.benchmarks.grid;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.dsm.benchmarks.locks.RawPing;
import io.dsm.runtime.transport.EmbeddedAeron;
import io.dsm.runtime.transport.IdleStrategies;

/**
 * One end of the tuned raw Aeron UDP ping-pong, the best an Aeron round trip can do on this box:
 * a media driver of its own in this JVM (not the dsm node's), in one of these variants,
 * {@code <mode>-<idle>}:
 * <ul>
 * <li>{@code invoker-<idle>}: the driver in {@code INVOKER} threading mode and the client's
 *     conductor as an invoker too, so the ping (or echo) thread itself runs the driver's duty cycle
 *     between polls and no other thread takes part: one thread per side, waiting with
 *     {@code idle};</li>
 * <li>{@code shared-<idle>}: the dsm transport's own driver ({@link EmbeddedAeron}: one
 *     {@code SHARED} driver thread) with {@code idle} for the driver and the waiting thread alike.</li>
 * </ul>
 * {@code idle} is one of dsm's idle strategy names ({@code spin}, {@code yielding}, {@code backoff},
 * ...). Messages are {@value RawPing#PAYLOAD} bytes: a sequence number and padding.
 */
final class TunedAeron implements AutoCloseable, FragmentHandler
{
    static final int STREAM = 7201;

    private final MediaDriver driver;
    private final EmbeddedAeron embedded;
    private final Aeron aeron;
    private final AgentInvoker driverInvoker;
    private final AgentInvoker clientInvoker;
    private final Publication publication;
    private final Subscription subscription;
    private final IdleStrategy idle;
    private final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(RawPing.PAYLOAD));
    private long lastSeq;
    private boolean received;

    private TunedAeron(final String variant, final String dir, final int termLength, final int sendPort, final int receivePort)
    {
        final int dash = variant.indexOf('-');
        if (dash < 0)
        {
            throw new IllegalArgumentException("a tuned Aeron variant is <mode>-<idle>, e.g. invoker-spin; got " + variant);
        }
        final String mode = variant.substring(0, dash);
        final String idleName = variant.substring(dash + 1);
        this.idle = IdleStrategies.forName(idleName);
        switch (mode)
        {
            case "invoker":
                driver = MediaDriver.launch(new MediaDriver.Context()
                    .aeronDirectoryName(dir)
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true)
                    .threadingMode(ThreadingMode.INVOKER)
                    .asyncExecutorEnabled(false)
                    .termBufferSparseFile(true)
                    .publicationTermBufferLength(termLength)
                    .errorHandler(TunedAeron::report));
                driverInvoker = driver.sharedAgentInvoker();
                if (!driverInvoker.isStarted())
                {
                    driverInvoker.start();
                }
                embedded = null;
                aeron = Aeron.connect(new Aeron.Context()
                    .aeronDirectoryName(dir)
                    .driverAgentInvoker(driverInvoker)
                    .useConductorAgentInvoker(true)
                    .errorHandler(TunedAeron::report));
                clientInvoker = aeron.conductorAgentInvoker();
                break;
            case "shared":
                embedded = EmbeddedAeron.launch(dir, termLength, idleName, TunedAeron::report);
                driver = null;
                driverInvoker = null;
                aeron = embedded.aeron();
                clientInvoker = null;
                break;
            default:
                throw new IllegalArgumentException("unknown tuned Aeron mode " + mode + " (use invoker or shared)");
        }
        publication = aeron.addPublication(RawPing.udpChannel(sendPort, termLength), STREAM);
        subscription = aeron.addSubscription(RawPing.udpChannel(receivePort, termLength), STREAM);
    }

    /** Launches this side's driver, publishing to 127.0.0.1:{@code sendPort} and subscribed on {@code receivePort}. */
    static TunedAeron open(final String variant, final String dir, final int termLength, final int sendPort, final int receivePort)
    {
        return new TunedAeron(variant, dir, termLength, sendPort, receivePort);
    }

    private static void report(final Throwable t)
    {
        System.err.println("[tuned aeron] " + t);
    }

    /** Runs the driver's and the client's duty cycles when they are invokers; does nothing otherwise. */
    private void invoke()
    {
        if (driverInvoker != null)
        {
            driverInvoker.invoke();
            clientInvoker.invoke();
        }
    }

    /** Waits (running the duty cycles) until both directions are connected; false on timeout. */
    boolean awaitConnected(final long timeoutNs)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        while (!publication.isConnected() || !subscription.isConnected())
        {
            if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            invoke();
            Thread.yield();
        }
        return true;
    }

    void send(final long seq)
    {
        out.putLong(0, seq);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        idle.reset();
        while (true)
        {
            final long result = publication.offer(out, 0, RawPing.PAYLOAD);
            if (result > 0)
            {
                invoke(); // an invoker driver sends on its next duty cycle: run it now
                return;
            }
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED || System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("tuned aeron: could not send (offer result " + result + ")");
            }
            invoke();
            idle.idle();
        }
    }

    /** Waits for the next message with the idle strategy, running the duty cycles; false on timeout. */
    boolean receive(final long timeoutNs)
    {
        received = false;
        idle.reset();
        final long deadline = System.nanoTime() + timeoutNs;
        int spins = 0;
        while (true)
        {
            invoke();
            final int n = subscription.poll(this, 1);
            if (received)
            {
                return true;
            }
            if ((++spins & 1023) == 0 && System.nanoTime() - deadline > 0)
            {
                return false;
            }
            idle.idle(n);
        }
    }

    long lastSeq()
    {
        return lastSeq;
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        lastSeq = buffer.getLong(offset);
        received = true;
    }

    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(publication, subscription);
        if (embedded != null)
        {
            embedded.close();
        }
        else
        {
            CloseHelper.quietCloseAll(aeron, driver);
        }
    }
}
