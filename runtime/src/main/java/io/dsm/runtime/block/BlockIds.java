package io.dsm.runtime.block;

/** Global object ids: the creating node in the high 16 bits (plus one, so no id is 0), a sequence below. */
public final class BlockIds
{
    public static final int NODE_SHIFT = 48;
    public static final long SEQUENCE_MASK = (1L << NODE_SHIFT) - 1;

    private BlockIds()
    {
    }

    public static long make(final int creatorNode, final long sequence)
    {
        return ((long)(creatorNode + 1) << NODE_SHIFT) | (sequence & SEQUENCE_MASK);
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
        return creator(id) + ":" + (id & SEQUENCE_MASK);
    }
}
