package io.dsm.it.consistency;

import io.dsm.it.consistency.model.Cell;

/**
 * Reads a cell before the round's rendezvous so the reader's node holds a copy of it: a later
 * write must then invalidate (or update) that copy, the path the forbidden outcomes depend on.
 */
final class Warm
{
    private Warm()
    {
    }

    static void copy(final Cell cell, final int round)
    {
        final int v = cell.value;
        if (v != 0)
        {
            // no writer has passed this round's rendezvous yet
            throw new AssertionError("round " + round + ": read " + v + " before any write");
        }
    }
}
