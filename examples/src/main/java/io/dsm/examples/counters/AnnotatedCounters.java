package io.dsm.examples.counters;

import io.dsm.api.Block;
import io.dsm.api.Shared;

/** The same two counters, each in a block of its own by annotation. */
@Shared
public class AnnotatedCounters
{
    @Block("a")
    public long a;
    @Block("b")
    public long b;
}
