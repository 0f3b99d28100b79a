package io.dsm.runtime.block;

/**
 * State changes of a block made by the protocol agent. Leaving a write state waits until no local
 * thread can still store into the block: a CAS from exactly {@link BlockState#WRITE_CAS} or
 * {@link BlockState#WRITE} (never while {@link BlockState#WRITING} is set), and after leaving
 * {@link BlockState#WRITE} the wait for announced writers ({@link AnnouncedWriters}). So no store
 * can land after the block was read for shipping or invalidated.
 */
public final class BlockTransitions
{
    private static final int SPINS_BEFORE_YIELD = 100;

    private BlockTransitions()
    {
    }

    /** Moves the block to {@code mode} (READ, INVALID or BUSY), waiting out writers in flight. */
    public static void revoke(final BlockMeta meta, final int mode)
    {
        int spins = 0;
        while (true)
        {
            final int s = meta.state();
            if (!BlockState.writing(s))
            {
                if (s == mode)
                {
                    return;
                }
                if (meta.compareAndSetState(s, mode))
                {
                    if (s == BlockState.WRITE)
                    {
                        AnnouncedWriters.waitOut();
                    }
                    if (BlockState.mode(s) == BlockState.WRITE)
                    {
                        // BUSY too: a central server's block written remotely often is as hot as a ping-pong one
                        meta.writePolicy.revoked();
                    }
                    if (meta.profile != null)
                    {
                        countRevocation(meta.profile, BlockState.mode(s), mode);
                    }
                    return;
                }
            }
            else if (++spins > SPINS_BEFORE_YIELD)
            {
                Thread.yield();
            }
            else
            {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Grants {@code mode} (READ or WRITE) after the data has been installed. There can be no
     * write in flight: writers only enter in a write state, which is being granted here. A grant
     * of WRITE sets the write state the block's {@link WritePolicy} chooses.
     */
    public static void grant(final BlockMeta meta, final int mode)
    {
        while (true)
        {
            final int s = meta.state();
            if (BlockState.mode(s) == BlockState.WRITE)
            {
                if (mode == BlockState.WRITE)
                {
                    return;
                }
                revoke(meta, mode);
                return;
            }
            final int target = mode == BlockState.WRITE ? meta.writePolicy.writeState() : mode;
            // release store: the fields installed before are visible to whoever sees the new mode
            if (meta.compareAndSetState(s, target))
            {
                if (mode == BlockState.WRITE)
                {
                    meta.writePolicy.granted();
                    if (meta.profile != null && s != BlockState.BUSY)
                    {
                        meta.profile.add(BlockProfile.OWNERSHIP_IN, 1);
                    }
                }
                return;
            }
        }
    }

    private static void countRevocation(final BlockProfile profile, final int from, final int to)
    {
        // WRITE -> BUSY -> WRITE is the node changing its own block in place (a central server's
        // remote write): no ownership moves
        if (from == BlockState.WRITE && to != BlockState.BUSY)
        {
            profile.add(BlockProfile.OWNERSHIP_OUT, 1);
        }
        if (to == BlockState.INVALID && (from == BlockState.WRITE || from == BlockState.READ))
        {
            profile.add(BlockProfile.INVALIDATIONS_IN, 1);
        }
    }
}
