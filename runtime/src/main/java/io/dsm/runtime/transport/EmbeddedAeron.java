package io.dsm.runtime.transport;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;

/**
 * An embedded media driver and its client, sized for a small machine: one shared driver
 * thread with a backoff idle strategy, small sparse term buffers, its own directory that is
 * deleted on start and on close, and an error handler that reports instead of exiting the JVM.
 */
public final class EmbeddedAeron implements AutoCloseable
{
    private final MediaDriver driver;
    private final Aeron aeron;
    private final String directory;

    private EmbeddedAeron(final MediaDriver driver, final Aeron aeron, final String directory)
    {
        this.driver = driver;
        this.aeron = aeron;
        this.directory = directory;
    }

    public static EmbeddedAeron launch(
        final String directory, final int termLength, final String idleStrategy, final ErrorHandler errorHandler)
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
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(IdleStrategies.forName(idleStrategy))
            .asyncExecutorEnabled(false)
            .termBufferSparseFile(true)
            .publicationTermBufferLength(termLength)
            .ipcTermBufferLength(termLength)
            // detect dead peers within seconds instead of the 5-10 s defaults
            .publicationConnectionTimeoutNs(TimeUnit.SECONDS.toNanos(2))
            .imageLivenessTimeoutNs(TimeUnit.SECONDS.toNanos(2))
            .errorHandler(errorHandler);
        final MediaDriver driver = MediaDriver.launchEmbedded(driverContext);
        try
        {
            final Aeron aeron = Aeron.connect(new Aeron.Context()
                .threadFactory(daemon)
                .aeronDirectoryName(driver.aeronDirectoryName())
                .errorHandler(errorHandler)
                .subscriberErrorHandler(errorHandler));
            return new EmbeddedAeron(driver, aeron, driver.aeronDirectoryName());
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(driver);
            throw ex;
        }
    }

    public Aeron aeron()
    {
        return aeron;
    }

    public String directory()
    {
        return directory;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(aeron, driver);
    }
}
