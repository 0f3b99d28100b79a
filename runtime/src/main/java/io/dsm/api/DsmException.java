package io.dsm.api;

/** Base of the runtime exceptions thrown by the distributed shared memory. */
public class DsmException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public DsmException(final String message)
    {
        super(message);
    }

    public DsmException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
