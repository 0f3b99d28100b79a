package io.dsm.it.model;

/** Not annotated: shared because it extends a shared class; its own fields are shared too. */
public class Derived extends Base
{
    public long derivedValue;
    private int hidden;

    public int hidden()
    {
        return hidden;
    }

    public void hidden(final int value)
    {
        hidden = value;
    }
}
