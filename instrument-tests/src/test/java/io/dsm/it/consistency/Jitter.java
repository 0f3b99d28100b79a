package io.dsm.it.consistency;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A short random pause that shifts one role against the others, so more interleavings occur. It
 * yields rather than spins: on 2 cores a spinning role would starve the node threads whose
 * messages it is waiting to overtake.
 */
final class Jitter
{
    private Jitter()
    {
    }

    /** Pauses for a random time below {@code maxNanos}; a few faults long, to keep a round cheap. */
    static void pause(final long maxNanos)
    {
        final long end = System.nanoTime() + ThreadLocalRandom.current().nextLong(maxNanos);
        while (System.nanoTime() < end)
        {
            Thread.yield();
        }
    }
}
