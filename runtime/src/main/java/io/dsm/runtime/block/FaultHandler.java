package io.dsm.runtime.block;

/**
 * What the slow path of rewritten code needs from its node: wait until an access to a block is
 * allowed here. Implemented by the node; {@link Access} and {@link BlockMeta} see only this.
 */
public interface FaultHandler
{
    /** Called by an application thread whose access to the block faulted; returns once the access is allowed. */
    void fault(BlockMeta meta, int access);

    /**
     * How long, at most, the node keeps a block it just granted to a local faulting thread before it
     * serves a request that would take the block away again ({@link BlockMeta#isHeld}); 0 for never.
     */
    default long grantHoldNs()
    {
        return 0;
    }

    /**
     * The least time a node keeps a block it received for a local fault, even after the first access
     * (Mirage's time window); 0 for none: the hold then ends with that access.
     */
    default long grantWindowNs()
    {
        return 0;
    }
}
