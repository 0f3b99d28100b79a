package io.dsm.it.consistency;

import java.util.function.Function;

import io.dsm.it.consistency.model.Cell;
import io.dsm.it.consistency.model.Slot;

/** A role that writes 1 to one cell of each round and does nothing else. */
final class Writer implements Role
{
    private final SlotCursor cursor;
    private final Function<Slot, Cell> pick;
    private final long jitterNanos;
    private Cell cell;

    /** {@code jitterNanos}: the most this writer may start late in a round (see {@link Jitter}). */
    Writer(final SlotCursor cursor, final Function<Slot, Cell> pick, final long jitterNanos)
    {
        this.cursor = cursor;
        this.pick = pick;
        this.jitterNanos = jitterNanos;
    }

    @Override
    public void prepare(final int round)
    {
        cell = pick.apply(cursor.at(round));
    }

    @Override
    public void act(final int round)
    {
        if (jitterNanos > 0)
        {
            Jitter.pause(jitterNanos);
        }
        cell.value = 1;
    }
}
