package io.dsm.it.model;

import java.util.concurrent.CountDownLatch;

/** Holds {@link SlowToInitialise}'s static initialiser until a test lets it finish (not shared, so touching it initialises nothing else). */
public final class InitGate
{
    public static final CountDownLatch STARTED = new CountDownLatch(1);
    public static final CountDownLatch RELEASE = new CountDownLatch(1);

    private InitGate()
    {
    }
}
