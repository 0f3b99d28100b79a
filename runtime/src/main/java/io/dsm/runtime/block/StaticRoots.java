package io.dsm.runtime.block;

/**
 * Where rewritten class initialisers bind static roots: the JVM's node installs its binder at
 * start; without one (no node in this JVM) a static field keeps the value assigned to it.
 */
public final class StaticRoots
{
    /** Binds a value to a cluster-wide name, first binding wins; returns the winner. */
    @FunctionalInterface
    public interface Binder
    {
        Object bindRoot(String name, Object value);
    }

    private static volatile Binder binder;

    private StaticRoots()
    {
    }

    public static void install(final Binder b)
    {
        binder = b;
    }

    static Binder binder()
    {
        return binder;
    }
}
