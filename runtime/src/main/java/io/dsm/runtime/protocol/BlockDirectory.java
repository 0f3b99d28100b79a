package io.dsm.runtime.protocol;

import io.dsm.runtime.block.BlockMeta;

/** The node's blocks as a protocol sees them. */
public interface BlockDirectory
{
    /** This node's block with this id, or null if it never saw it. */
    BlockMeta block(long blockId);

    /** This node's block for a shared object, with a new INVALID replica if the object is new here. */
    BlockMeta replicaMeta(long blockId, String className);
}
