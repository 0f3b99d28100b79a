package io.dsm.it.model;

import io.dsm.api.Shared;

@Shared
public class Base
{
    public int baseValue;
    protected String baseName;

    public String baseName()
    {
        return baseName;
    }

    public void baseName(final String name)
    {
        this.baseName = name;
    }
}
