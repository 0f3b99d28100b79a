package io.dsm.runtime.block;

/**
 * Which write state a block gets when this node is granted it: {@link BlockState#WRITE}
 * (announced writes, a barrier on revocation) unless the block moves so often that the barrier
 * would cost more than the writes save: a block revoked within {@code dsm.writes.hot.ms} of its
 * grant (ping-pong, false sharing) is granted {@link BlockState#WRITE_CAS} until it has stayed
 * unrevoked for 100 times that long. In cas mode every grant is {@link BlockState#WRITE_CAS}.
 * Touched by the protocol agent only.
 */
public final class WritePolicy
{
    /** A revocation this soon after the grant marks the block hot; 0 keeps every block announced (tests). */
    static final long HOT_NANOS = Long.getLong("dsm.writes.hot.ms", 10) * 1_000_000L;
    private static final long COOL_NANOS = 100 * HOT_NANOS;

    private long grantedAt;
    private long revokedAt;
    private boolean hot;

    /** The state a grant of WRITE sets. */
    int writeState()
    {
        if (!WriteMode.ASYMMETRIC)
        {
            return BlockState.WRITE_CAS;
        }
        if (hot && System.nanoTime() - revokedAt > COOL_NANOS)
        {
            hot = false;
        }
        return hot ? BlockState.WRITE_CAS : BlockState.WRITE;
    }

    void granted()
    {
        grantedAt = System.nanoTime();
    }

    void revoked()
    {
        final long now = System.nanoTime();
        if (HOT_NANOS > 0 && grantedAt != 0 && now - grantedAt < HOT_NANOS)
        {
            hot = true;
        }
        revokedAt = now;
    }

    /** True while grants give this block the CAS write state because it moves often. */
    public boolean hot()
    {
        return hot;
    }
}
