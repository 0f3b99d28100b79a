package io.dsm.benchmarks.fastpath;

import io.dsm.api.Shared;

/** Two counters in one block, each incremented by a thread of another node: the block moves with (nearly) every write. */
@Shared
public final class PingPongCell
{
    long a;
    long b;
}
