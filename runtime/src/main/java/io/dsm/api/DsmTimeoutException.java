package io.dsm.api;

/** A fault or request got no answer from a peer within the configured timeout. */
public final class DsmTimeoutException extends DsmException
{
    private static final long serialVersionUID = 1L;

    public DsmTimeoutException(final String message)
    {
        super(message);
    }
}
