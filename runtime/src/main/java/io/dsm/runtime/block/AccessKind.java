package io.dsm.runtime.block;

/** Access levels as they travel in messages (distinct from the {@link BlockState} mode bits). */
public final class AccessKind
{
    public static final int NONE = 0;
    public static final int READ = 1;
    public static final int WRITE = 2;

    private AccessKind()
    {
    }

    public static String name(final int access)
    {
        return access == READ ? "READ" : access == WRITE ? "WRITE" : "NONE";
    }
}
