package io.dsm.runtime.node;

import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.BlockProfile;
import io.dsm.runtime.wire.MessageProfile;

/** Counts a profiling node's block messages on the block they are about (unknown blocks are not counted). */
public final class BlockMessageProfile implements MessageProfile
{
    private final BlockTable blocks;

    public BlockMessageProfile(final BlockTable blocks)
    {
        this.blocks = blocks;
    }

    @Override
    public void onBlockMessage(final long blockId, final int bytes, final boolean sent)
    {
        final BlockMeta meta = blocks.block(blockId);
        if (meta != null && meta.profile != null)
        {
            meta.profile.add(sent ? BlockProfile.MESSAGES_OUT : BlockProfile.MESSAGES_IN, 1);
            meta.profile.add(sent ? BlockProfile.BYTES_OUT : BlockProfile.BYTES_IN, bytes);
        }
    }
}
