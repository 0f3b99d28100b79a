package io.dsm.runtime;

import io.dsm.runtime.codec.Access;

/** Access levels as they travel in messages (distinct from the {@link BlockState} mode bits). */
final class AccessKind
{
    static final int NONE = 0;
    static final int READ = 1;
    static final int WRITE = 2;

    private AccessKind()
    {
    }

    static Access toWire(final int access)
    {
        switch (access)
        {
            case READ: return Access.READ;
            case WRITE: return Access.WRITE;
            default: return Access.NONE;
        }
    }

    static String name(final int access)
    {
        return access == READ ? "READ" : access == WRITE ? "WRITE" : "NONE";
    }
}
