package io.dsm.samples;

/** Not shared: its fields are left alone. */
public class Tally
{
    public static Object last;

    public int value;
}
