package io.dsm.runtime.block;

/**
 * Global block ids: the creating node in the high 16 bits (plus one, so no id is 0), the block's
 * index within its object in the next 4 bits, the object's sequence number below. Block 0 of an
 * object has the object's id, so a one-block object's id is what it always was, and a reference
 * (which names an object) still travels as one id.
 */
public final class BlockIds
{
    public static final int NODE_SHIFT = 48;
    public static final int BLOCK_SHIFT = 44;
    public static final long BLOCK_MASK = 0xFL << BLOCK_SHIFT;
    public static final long SEQUENCE_MASK = (1L << BLOCK_SHIFT) - 1;

    private BlockIds()
    {
    }

    public static long make(final int creatorNode, final long sequence)
    {
        return ((long)(creatorNode + 1) << NODE_SHIFT) | (sequence & SEQUENCE_MASK);
    }

    /** The id of block {@code index} of the object whose id is {@code objectId}. */
    public static long block(final long objectId, final int index)
    {
        return (objectId & ~BLOCK_MASK) | ((long)index << BLOCK_SHIFT);
    }

    /** The id of the object the block belongs to (its block 0). */
    public static long object(final long blockId)
    {
        return blockId & ~BLOCK_MASK;
    }

    /** The block's index within its object. */
    public static int index(final long blockId)
    {
        return (int)((blockId & BLOCK_MASK) >>> BLOCK_SHIFT);
    }

    /** The node that created the block, which owns it until the first transfer. */
    public static int creator(final long id)
    {
        return (int)(id >>> NODE_SHIFT) - 1;
    }

    public static boolean isValid(final long id)
    {
        return creator(id) >= 0 && creator(id) < 64 && (id & SEQUENCE_MASK) != 0;
    }

    public static String format(final long id)
    {
        final int index = index(id);
        return creator(id) + ":" + (id & SEQUENCE_MASK) + (index == 0 ? "" : "/" + index);
    }
}
