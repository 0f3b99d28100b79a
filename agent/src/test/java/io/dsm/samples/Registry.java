package io.dsm.samples;

import io.dsm.api.Shared;

/** A shared class with static fields: the references among them are cluster-wide roots. */
@Shared
public class Registry
{
    public static final String NAME = "registry";

    public static Registry first = new Registry();
    public static Registry root;
    public static Ledger[] ledgers;
    public static int counter;

    public static void publish(final Registry r)
    {
        root = r;
    }

    public static void keep(final Ledger[] l)
    {
        ledgers = l;
    }

    public static void count()
    {
        counter = counter + 1;
    }

    /** A static of a class that is not shared stays per-JVM. */
    public static void remember(final Object o)
    {
        Tally.last = o;
    }
}
