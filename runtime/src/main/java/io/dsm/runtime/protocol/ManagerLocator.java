package io.dsm.runtime.protocol;

import io.dsm.runtime.block.BlockIds;

/**
 * Which node manages a block (Li and Hudak's fixed distributed managers; a central manager is
 * the special case of one manager for everything).
 */
@FunctionalInterface
public interface ManagerLocator
{
    int managerOf(long blockId);

    /** One central manager. */
    static ManagerLocator central(final int manager)
    {
        return id -> manager;
    }

    /** The low-order bits of the block id (its sequence number) index the managers. */
    static ManagerLocator lowBits(final int[] members)
    {
        return id -> members[(int)Long.remainderUnsigned(id & BlockIds.SEQUENCE_MASK, members.length)];
    }

    /**
     * The high-order bits of the block id (the creating node, so each node's allocations form a
     * region) index the managers.
     */
    static ManagerLocator highBits(final int[] members)
    {
        return id -> members[Math.floorMod(BlockIds.creator(id), members.length)];
    }

    /** A hash of the block id indexes the managers. */
    static ManagerLocator hash(final int[] members)
    {
        return id ->
        {
            long h = id * 0x9E3779B97F4A7C15L;
            h ^= h >>> 29;
            return members[(int)Long.remainderUnsigned(h, members.length)];
        };
    }
}
