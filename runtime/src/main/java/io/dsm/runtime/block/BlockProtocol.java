package io.dsm.runtime.block;

/**
 * The part of a coherence protocol that application threads call: requests on a fault, writes
 * carried as values, publication, and the route a fault waits on. The protocol package adds the
 * message handlers; a block holds its protocol through this interface only.
 */
public interface BlockProtocol
{
    /** An application thread faulted: send whatever request obtains {@code access} for the block. */
    void requestAccess(BlockMeta meta, int access);

    /**
     * A write that could not enter the block locally. Protocols that carry writes as values
     * (central server, full replication) perform it and return true; the others return false and
     * the caller faults for write access and stores locally.
     */
    default boolean write(BlockMeta meta, int slot, Object value)
    {
        return false;
    }

    /** An object just became shared on this node, owned here (any thread). */
    default void onPublish(BlockMeta meta)
    {
    }

    /** Who a fault on this block waits for, for timeout messages (called on an application thread). */
    String route(BlockMeta meta);
}
