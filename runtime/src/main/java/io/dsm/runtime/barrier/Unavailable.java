package io.dsm.runtime.barrier;

/** Why this JVM has no process barrier; carries the one-line reason the probe reports. */
final class Unavailable extends Exception
{
    private static final long serialVersionUID = 1L;

    Unavailable(final String reason)
    {
        super(reason, null, false, false);  // an expected outcome, not a fault: no stack trace
    }
}
