package io.dsm.it.model;

import java.util.List;

import io.dsm.api.Shared;

/** A final field initialised in the constructor with whatever it is given. */
@Shared
public class Holder
{
    public final Object value;

    public Holder(final Object value)
    {
        this.value = value;
    }

    public static Holder ofList(final List<String> list)
    {
        return new Holder(list);
    }
}
