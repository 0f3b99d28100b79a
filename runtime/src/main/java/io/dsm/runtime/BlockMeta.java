package io.dsm.runtime;

/**
 * What one node knows about one shared object (one block): its global id, the replica it is
 * attached to, and the protocol's per-block bookkeeping. Reached from the replica through the
 * {@code $dsm$meta} field that the agent adds, used only on the slow path.
 */
final class BlockMeta
{
    final long id;
    final DsmNode node;
    final Object replica;
    final ClassLayout layout;
    final CoherenceProtocol protocol;

    /** This node owns the block (has the authoritative copy). Confined to the node's protocol agent. */
    boolean owner;

    /** The request this node has outstanding for the block, if any. Guarded by {@code this}. */
    PendingFault pending;

    /** The access {@link #pending} asks for. Guarded by {@code this}. */
    int pendingAccess;

    /** Protocol-specific per-block state, confined to the agent thread (e.g. a probable owner). */
    Object protocolState;

    /** When this node received the block (migration's hold time), on the agent thread. */
    long acquiredAtNs;

    BlockMeta(final long id, final DsmNode node, final Object replica, final ClassLayout layout)
    {
        this.id = id;
        this.node = node;
        this.replica = replica;
        this.layout = layout;
        this.protocol = node.protocolFor(layout);
    }

    int state()
    {
        return layout.state(replica);
    }

    String describe()
    {
        return "block " + BlockIds.format(id) + " (" + layout.type().getName() + ")";
    }
}
