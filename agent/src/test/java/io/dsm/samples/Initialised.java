package io.dsm.samples;

import io.dsm.api.Shared;

/** A shared class with a static initialiser of its own. */
@Shared
public class Initialised
{
    /** The state offset as the initialiser's own code sees it. */
    public static final long OFFSET_SEEN_BY_INITIALISER = OffsetProbe.offsetOf(Initialised.class);
    public static final String GREETING = String.valueOf("hello");

    public int value;
}
