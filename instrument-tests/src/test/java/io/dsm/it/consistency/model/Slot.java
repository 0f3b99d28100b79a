package io.dsm.it.consistency.model;

import io.dsm.api.Shared;

/**
 * The fresh x and y of one round, and the next round's slot. Written only before the chain is
 * bound as a root, so plain fields suffice: every node reads what the binding published.
 */
@Shared
public class Slot
{
    public Cell x;
    public Cell y;
    public Slot next;

    /** A chain of {@code rounds} slots, each with two new cells holding 0. */
    public static Slot chain(final int rounds)
    {
        Slot head = null;
        for (int i = 0; i < rounds; i++)
        {
            final Slot s = new Slot();
            s.x = new Cell();
            s.y = new Cell();
            s.next = head;
            head = s;
        }
        return head;
    }
}
