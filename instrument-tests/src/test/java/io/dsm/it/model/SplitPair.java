package io.dsm.it.model;

import io.dsm.api.Block;
import io.dsm.api.Shared;

/** Pair's two fields, each in a block of its own, and a third in the object's first block. */
@Shared
public class SplitPair
{
    @Block("a")
    public long a;
    @Block("b")
    public long b;
    public long c;
}
