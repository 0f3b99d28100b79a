package io.dsm.it.model;

import io.dsm.api.Block;
import io.dsm.api.Shared;

/** An object whose final and plain fields span three blocks, for publication across blocks. */
@Shared
public class SplitRecord
{
    @Block("id")
    public final int id;
    public final String name;
    @Block("data")
    public long data;
    @Block("data")
    public volatile boolean ready;

    public SplitRecord(final int id, final String name)
    {
        this.id = id;
        this.name = name;
    }

    public SplitRecord()
    {
        this(0, null);
    }
}
