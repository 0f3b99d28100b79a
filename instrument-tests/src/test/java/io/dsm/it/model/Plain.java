package io.dsm.it.model;

/** The plain twin of {@link Counter}, for size comparisons. */
public class Plain
{
    public int value;
    public volatile long version;
    public String label;
    public Plain next;
}
