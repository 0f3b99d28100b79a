package io.dsm.runtime.membership;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which members this node believes alive. Deaths only accumulate: a node declared dead stays dead
 * for the life of this cluster (it must restart the cluster to come back). Written by the protocol
 * agent, read by any thread.
 */
public final class View
{
    private final long members;
    private volatile long dead;

    public View(final long members)
    {
        this.members = members;
    }

    /** Every member, as a bit mask. */
    public long members()
    {
        return members;
    }

    /** The dead members, as a bit mask; also the view's identity (it only grows). */
    public long deadMask()
    {
        return dead;
    }

    public long liveMask()
    {
        return members & ~dead;
    }

    public boolean isDead(final int node)
    {
        return node >= 0 && node < 64 && (dead & (1L << node)) != 0;
    }

    /** Adds {@code mask}'s members to the dead; returns the ones that were not dead before (0: nothing new). */
    public synchronized long declare(final long mask)
    {
        final long fresh = mask & members & ~dead;
        if (fresh != 0)
        {
            dead |= fresh;
        }
        return fresh;
    }

    /** The lowest live member: the one that leads recovery and takes over a dead node's central roles. */
    public int lowestLive()
    {
        return Long.numberOfTrailingZeros(liveMask());
    }

    /**
     * The member that stands in for {@code node} when it is dead: the next live member in ascending
     * order, wrapping around, so each dead node's roles go to one survivor everybody computes alike.
     */
    public int standIn(final int node)
    {
        final long live = liveMask();
        if (node >= 0 && node < 64 && (live & (1L << node)) != 0)
        {
            return node;
        }
        final long above = node >= 63 ? 0 : live & (-1L << (node + 1));
        return Long.numberOfTrailingZeros(above != 0 ? above : live);
    }

    /** The dead members, ascending. */
    public Set<Integer> deadNodes()
    {
        final Set<Integer> s = new TreeSet<>();
        for (long d = dead; d != 0; d &= d - 1)
        {
            s.add(Long.numberOfTrailingZeros(d));
        }
        return Collections.unmodifiableSet(s);
    }

    /** "node 2" or "nodes 1, 2". */
    public static String describe(final long mask)
    {
        final StringBuilder b = new StringBuilder(Long.bitCount(mask) > 1 ? "nodes " : "node ");
        for (long d = mask; d != 0; d &= d - 1)
        {
            b.append(Long.numberOfTrailingZeros(d)).append(d == Long.lowestOneBit(d) ? "" : ", ");
        }
        return b.toString();
    }
}
