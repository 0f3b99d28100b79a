package io.dsm.samples;

/** Reads the agent's {@code $dsm$off} reflectively, as code running inside a static initialiser would see it. */
public final class OffsetProbe
{
    private OffsetProbe()
    {
    }

    public static long offsetOf(final Class<?> type)
    {
        try
        {
            return type.getDeclaredField("$dsm$off").getLong(null);
        }
        catch (final ReflectiveOperationException ex)
        {
            return -1; // no such field: the class was not given its state
        }
    }
}
