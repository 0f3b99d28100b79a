package io.dsm.api;

/**
 * An access to a shared object whose every copy was on nodes that died: the data is gone, so the
 * access fails at once (every later access too) instead of waiting for an answer that cannot come.
 */
public final class BlockLostException extends DsmException
{
    private static final long serialVersionUID = 1L;

    private final long blockId;
    private final String className;
    private final int deadNode;

    public BlockLostException(final String message, final long blockId, final String className, final int deadNode)
    {
        super(message);
        this.blockId = blockId;
        this.className = className;
        this.deadNode = deadNode;
    }

    /** The lost block's id (creator node in the high bits, as the runtime prints it: {@code creator:sequence}). */
    public long blockId()
    {
        return blockId;
    }

    /** The class of the shared object the block belongs to. */
    public String className()
    {
        return className;
    }

    /** A node that died holding the block's last copy (the owner). */
    public int deadNode()
    {
        return deadNode;
    }
}
