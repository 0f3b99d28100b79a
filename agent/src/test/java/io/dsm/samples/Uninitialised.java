package io.dsm.samples;

import io.dsm.api.Shared;

/** A shared class without a static initialiser. */
@Shared
public class Uninitialised
{
    public int value;
}
