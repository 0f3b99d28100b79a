package io.dsm.examples.counters;

import io.dsm.api.Shared;

/** Two nodes' counters in one object, one block: the false sharing users meet first. */
@Shared
public class OneBlockCounters
{
    public long a;
    public long b;
}
