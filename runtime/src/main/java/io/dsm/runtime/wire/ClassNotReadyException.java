package io.dsm.runtime.wire;

/**
 * Thrown on the protocol thread, before a handler changes anything, when a message needs a class
 * that is not yet initialised on this node: the frame is delivered again once it is.
 */
public final class ClassNotReadyException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public ClassNotReadyException(final Class<?> type)
    {
        super(type.getName() + " is being initialised", null, false, false);
    }
}
