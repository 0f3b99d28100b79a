package io.dsm.api;

/** The node configuration is invalid; the message says which key to change and how. */
public final class DsmConfigException extends DsmException
{
    private static final long serialVersionUID = 1L;

    public DsmConfigException(final String message)
    {
        super(message);
    }
}
