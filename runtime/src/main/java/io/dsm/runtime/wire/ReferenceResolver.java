package io.dsm.runtime.wire;

import io.dsm.runtime.block.BlockMeta;

/**
 * What the payload codec and the dispatcher need of the node's block table: shared objects by id
 * and class name, classes by name, and whether a class may be used on the protocol thread yet.
 */
public interface ReferenceResolver
{
    /** Makes an object shared on this node (owned here), or returns its block if it already is. */
    BlockMeta publish(Object o);

    /** This node's replica of a shared object, created INVALID if new here. */
    Object replica(long objectId, String className);

    /** This node's block with this id, or null if it never saw it. */
    BlockMeta block(long blockId);

    Class<?> classFor(String className);

    Object enumConstant(String className, String name);

    /**
     * Returns if {@code type} is initialised here; otherwise starts its initialisation off the
     * protocol thread and throws {@link ClassNotReadyException}.
     */
    void requireInitialized(Class<?> type);
}
