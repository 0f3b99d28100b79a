package io.dsm.jcstress;

import io.dsm.api.Shared;

/**
 * The shared classes the tests use. None of them has {@code @Block} tags, so each is one block:
 * two fields of one object are one block and two objects are two blocks. Tests of ordering between
 * locations use one object per location (one block each), and keep a variant with both in one
 * object where that is meaningful. Objects split into several blocks by {@code @Block} are the
 * subject of {@link FalseSharingSplit} and {@link SafePublicationSplit}, which declare their own.
 */
final class Cells
{
    private Cells()
    {
    }

    /** One volatile int. */
    @Shared
    public static class VolatileInt
    {
        volatile int v;
    }

    /** One plain int. */
    @Shared
    public static class PlainInt
    {
        int v;
    }

    /** Two volatile ints in one block. */
    @Shared
    public static class VolatilePair
    {
        volatile int x;
        volatile int y;
    }

    /** Two plain ints in one block. */
    @Shared
    public static class PlainPair
    {
        int x;
        int y;
    }

    /** Plain data and its volatile flag in one block. */
    @Shared
    public static class Message
    {
        int data;
        volatile int flag;
    }

    /** One volatile long. */
    @Shared
    public static class VolatileLong
    {
        volatile long v;
    }

    /** One volatile double. */
    @Shared
    public static class VolatileDouble
    {
        volatile double v;
    }

    /** A volatile reference through which new objects are published. */
    @Shared
    public static class Holder
    {
        volatile Payload ref;
    }

    /** What gets published: plain fields, set before the publishing store. */
    @Shared
    public static class Payload
    {
        int a;
        int b;
        int c;

        Payload()
        {
        }

        /** Fills the fields after construction (as ordinary code would); the object is still local. */
        Payload fill(final int v)
        {
            a = v;
            b = v;
            c = v;
            return this;
        }
    }
}
