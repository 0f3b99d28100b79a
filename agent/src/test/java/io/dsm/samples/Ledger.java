package io.dsm.samples;

import io.dsm.api.Shared;

/** A shared class with a field of each kind the accessors treat apart. */
@Shared
public class Ledger
{
    public static int opened;

    public int count;
    public volatile long version;
    public String label;
    public Object attachment;
    public final int id;
    public final Object tag;

    public Ledger(final int id, final Object tag)
    {
        this.id = id;
        this.tag = tag;
    }

    public Ledger()
    {
        this(0, null);
    }

    /** The class's own methods are rewritten like any other. */
    public int increment()
    {
        count = count + 1;
        return count;
    }
}
