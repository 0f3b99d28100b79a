package io.dsm.it.model;

import io.dsm.api.Shared;

@Shared
public class Counter
{
    public int value;
    public volatile long version;
    public String label;
    public Counter next;
}
