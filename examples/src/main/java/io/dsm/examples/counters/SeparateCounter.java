package io.dsm.examples.counters;

import io.dsm.api.Shared;

/** One counter per object: the reference the split must approach. */
@Shared
public class SeparateCounter
{
    public long n;
}
