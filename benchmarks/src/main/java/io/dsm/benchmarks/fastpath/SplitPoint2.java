package io.dsm.benchmarks.fastpath;

import io.dsm.api.Block;
import io.dsm.api.Shared;

/**
 * {@link SharedPoint} in two coherence blocks: {@code x} in block 1, the other fields in block 0.
 * Only for {@code ObjectSizes} (one extra block: one more {@code int} state word).
 */
@Shared
public final class SplitPoint2
{
    @Block("g1")
    int x;
    int y;
    long z;
    String label;

    public SplitPoint2(final int x)
    {
        this.x = x;
        this.y = -x;
        this.z = x * 31L;
        this.label = "p";
    }
}
