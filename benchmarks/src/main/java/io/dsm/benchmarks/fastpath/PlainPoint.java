package io.dsm.benchmarks.fastpath;

/** The baseline: field for field the same class as {@link SharedPoint}, without {@code @Shared}. */
public final class PlainPoint
{
    int x;
    int y;
    long z;
    String label;

    public PlainPoint(final int x)
    {
        this.x = x;
        this.y = -x;
        this.z = x * 31L;
        this.label = "p";
    }
}
