package io.dsm.it.model;

import java.util.concurrent.TimeUnit;

import io.dsm.api.Shared;

/**
 * A shared class whose static initialiser waits, as one that binds a static root waits for the
 * manager. Only {@code ClassInitialisationOffTheProtocolThreadTest} may touch it.
 */
@Shared
public class SlowToInitialise
{
    static
    {
        InitGate.STARTED.countDown();
        try
        {
            InitGate.RELEASE.await(60, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    public int value;
}
