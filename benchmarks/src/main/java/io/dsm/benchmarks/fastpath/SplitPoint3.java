package io.dsm.benchmarks.fastpath;

import io.dsm.api.Block;
import io.dsm.api.Shared;

/**
 * {@link SharedPoint} in three coherence blocks: {@code y} in block 1, {@code x} in block 2
 * (groups are numbered in name order), {@code z} and {@code label} in block 0. The fast-path
 * benchmark's {@code split*} methods access {@code x}, whose accessors check block 2's state word
 * {@code $dsm$s2} instead of {@code $dsm$state}; everything else is as in {@link SharedPoint}.
 */
@Shared
public final class SplitPoint3
{
    @Block("g2")
    int x;
    @Block("g1")
    int y;
    long z;
    String label;

    public SplitPoint3(final int x)
    {
        this.x = x;
        this.y = -x;
        this.z = x * 31L;
        this.label = "p";
    }
}
