package io.dsm.benchmarks.fastpath;

import io.dsm.api.Shared;

/**
 * A shared class with a few fields. With the agent attached its field accesses check the block
 * state; an object that was never published (or that this node owns) has state 0 (writable), so
 * every access in these benchmarks takes the fast path.
 */
@Shared
public final class SharedPoint
{
    int x;
    int y;
    long z;
    String label;

    public SharedPoint(final int x)
    {
        this.x = x;
        this.y = -x;
        this.z = x * 31L;
        this.label = "p";
    }
}
