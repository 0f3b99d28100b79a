package io.dsm.it.model;

import io.dsm.api.Shared;

/** Split only by a layout file (no annotations): what LayoutFileTest's JVMs run. */
@Shared
public class LaidOut
{
    public long left;
    public long right;
    public long other;
}
