package io.dsm.it.consistency;

import io.dsm.it.consistency.model.Slot;
import io.dsm.runtime.DsmCluster;

/** One role's walk along its node's replica of the slot chain, one slot per round. */
final class SlotCursor
{
    private Slot current;
    private int round = -1;

    private SlotCursor(final Slot head)
    {
        this.current = head;
    }

    /** Node 0 binds a chain of {@code rounds} fresh slots under {@code name}; call before {@link #on}. */
    static void bind(final DsmCluster cluster, final String name, final int rounds)
    {
        cluster.node(0).root(name, () -> Slot.chain(rounds));
    }

    /** A cursor over {@code node}'s replica of the chain bound under {@code name}. */
    static SlotCursor on(final DsmCluster cluster, final int node, final String name)
    {
        return new SlotCursor(cluster.node(node).root(name, () ->
        {
            throw new IllegalStateException("root " + name + " not bound");
        }));
    }

    /** The slot of {@code round}; rounds are visited in order, starting at 0. */
    Slot at(final int round)
    {
        if (round != this.round + 1)
        {
            throw new IllegalStateException("round " + round + " after " + this.round);
        }
        if (round > 0)
        {
            current = current.next;
        }
        this.round = round;
        return current;
    }
}
