package io.dsm.it.model;

import io.dsm.api.Block;

/** A subclass of a split class that adds a group of its own: its block follows the superclass's. */
public class SplitSub extends SplitPair
{
    @Block("a")
    public long subA;
    public long subPlain;
}
