package io.dsm.runtime.transport;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.IdleStrategy;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;

/**
 * An embedded media driver and its client, sized for a small machine: small sparse term buffers,
 * its own directory that is deleted on start and on close, and an error handler that reports
 * instead of exiting the JVM. The driver either runs on one shared thread of its own
 * ({@link #launch}) or is invoked by the caller's agent ({@link #launchInvoked}): then a node's
 * single agent thread sends, receives and handles every message, and a fault crosses no thread
 * hand-off between the socket and the protocol (two fewer wake-ups per round trip on each node).
 */
public final class EmbeddedAeron implements AutoCloseable
{
    private final MediaDriver driver;
    private final Aeron aeron;
    private final String directory;
    private final AgentInvoker driverInvoker;
    private final AgentInvoker clientInvoker;
    private final Lock clientLock;
    private final SocketWait sockets;

    private EmbeddedAeron(final MediaDriver driver, final Aeron aeron, final String directory,
        final AgentInvoker driverInvoker, final Lock clientLock, final SocketWait sockets)
    {
        this.sockets = sockets;
        this.driver = driver;
        this.aeron = aeron;
        this.directory = directory;
        this.driverInvoker = driverInvoker;
        this.clientInvoker = driverInvoker == null ? null : aeron.conductorAgentInvoker();
        this.clientLock = clientLock;
    }

    /** A driver on one shared thread of its own that idles with {@code idleStrategy}. */
    public static EmbeddedAeron launch(
        final String directory, final int termLength, final String idleStrategy, final ErrorHandler errorHandler)
    {
        return launch(directory, termLength, IdleStrategies.forName(idleStrategy), false, errorHandler);
    }

    /**
     * A driver and a client with no threads of their own: the owner's agent calls {@link #invoke()}
     * in its duty cycle. The client's commands (adding and closing publications and subscriptions)
     * run the driver from the calling thread while they wait for its answer, holding the client lock;
     * {@link #invoke()} takes the same lock, so the two never run the driver at once.
     */
    public static EmbeddedAeron launchInvoked(final String directory, final int termLength, final ErrorHandler errorHandler)
    {
        return launch(directory, termLength, null, true, errorHandler);
    }

    private static EmbeddedAeron launch(final String directory, final int termLength, final IdleStrategy idle,
        final boolean invoked, final ErrorHandler errorHandler)
    {
        // daemon threads: the application's end (main returning) must start JVM shutdown, where
        // the node's shutdown hook leaves the cluster while Aeron still runs
        final ThreadFactory daemon = r ->
        {
            final Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        };
        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .sharedThreadFactory(daemon)
            .conductorThreadFactory(daemon)
            .senderThreadFactory(daemon)
            .receiverThreadFactory(daemon)
            .sharedNetworkThreadFactory(daemon)
            .asyncExecutorThreadFactory(daemon)
            .aeronDirectoryName(directory)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(invoked ? ThreadingMode.INVOKER : ThreadingMode.SHARED)
            .asyncExecutorEnabled(false)
            .termBufferSparseFile(true)
            .publicationTermBufferLength(termLength)
            .ipcTermBufferLength(termLength)
            // detect dead peers within seconds instead of the 5-10 s defaults
            .publicationConnectionTimeoutNs(TimeUnit.SECONDS.toNanos(2))
            .imageLivenessTimeoutNs(TimeUnit.SECONDS.toNanos(2))
            .errorHandler(errorHandler);
        final SocketWait sockets = invoked ? SocketWait.open() : null;
        if (invoked)
        {
            sockets.install(driverContext);
        }
        else
        {
            driverContext.sharedIdleStrategy(idle);
        }
        final MediaDriver driver;
        try
        {
            driver = MediaDriver.launchEmbedded(driverContext);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(sockets);
            throw ex;
        }
        try
        {
            final AgentInvoker invoker = invoked ? driver.sharedAgentInvoker() : null;
            final Lock clientLock = new ReentrantLock();
            final Aeron aeron = Aeron.connect(new Aeron.Context()
                .threadFactory(daemon)
                .aeronDirectoryName(driver.aeronDirectoryName())
                .driverAgentInvoker(invoker)
                .useConductorAgentInvoker(invoked)
                .clientLock(clientLock)
                .errorHandler(errorHandler)
                .subscriberErrorHandler(errorHandler));
            return new EmbeddedAeron(driver, aeron, driver.aeronDirectoryName(), invoker, clientLock, sockets);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(driver);
            CloseHelper.quietClose(sockets);
            throw ex;
        }
    }

    public Aeron aeron()
    {
        return aeron;
    }

    /** The driver's UDP sockets for the owner's agent to sleep on ({@link #launchInvoked} only, else null). */
    public SocketWait sockets()
    {
        return sockets;
    }

    /** True when the owner's agent must call {@link #invoke()}: the driver has no thread of its own. */
    public boolean isInvoked()
    {
        return driverInvoker != null;
    }

    /**
     * One duty cycle of the driver and the client conductor (sockets, housekeeping, keepalives), from
     * the owner's agent. Skipped while another thread runs a client command, which runs the driver
     * itself. Returns the work done.
     */
    public int invoke()
    {
        if (!clientLock.tryLock())
        {
            return 0;
        }
        try
        {
            return driverInvoker.invoke() + clientInvoker.invoke();
        }
        finally
        {
            clientLock.unlock();
        }
    }

    public String directory()
    {
        return directory;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(aeron, driver, sockets);
    }
}
