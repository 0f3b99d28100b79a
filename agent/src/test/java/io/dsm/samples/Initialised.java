package io.dsm.samples;

import io.dsm.api.Shared;

/** A shared class with a static initialiser of its own. */
@Shared
public class Initialised
{
    /** Whether the state handle was set when the initialiser's own code ran. */
    public static final boolean HANDLE_SEEN_BY_INITIALISER = HandleProbe.handleSet(Initialised.class);
    public static final String GREETING = String.valueOf("hello");

    public int value;
}
