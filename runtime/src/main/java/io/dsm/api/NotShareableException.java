package io.dsm.api;

/** A value that cannot live in shared memory was stored into a shared field. */
public final class NotShareableException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    public NotShareableException(final String message)
    {
        super(message);
    }
}
