package io.dsm.benchmarks.fastpath;

import io.dsm.api.Block;
import io.dsm.api.Shared;

/**
 * {@link SharedPoint} in four coherence blocks: {@code y}, {@code z} and {@code x} in blocks 1, 2
 * and 3, {@code label} in block 0. Only for {@code ObjectSizes} (three extra state words).
 */
@Shared
public final class SplitPoint4
{
    @Block("g3")
    int x;
    @Block("g1")
    int y;
    @Block("g2")
    long z;
    String label;

    public SplitPoint4(final int x)
    {
        this.x = x;
        this.y = -x;
        this.z = x * 31L;
        this.label = "p";
    }
}
