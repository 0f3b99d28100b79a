package io.dsm.samples;

/** Reads the agent's {@code $dsm$vh} reflectively, as code running inside a static initialiser would see it. */
public final class HandleProbe
{
    private HandleProbe()
    {
    }

    /** True when the class's state handle is already set. */
    public static boolean handleSet(final Class<?> type)
    {
        try
        {
            return type.getDeclaredField("$dsm$vh").get(null) != null;
        }
        catch (final ReflectiveOperationException ex)
        {
            return false; // no such field: the class was not given its state
        }
    }
}
