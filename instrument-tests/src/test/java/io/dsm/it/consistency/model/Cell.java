package io.dsm.it.consistency.model;

import io.dsm.api.Shared;

/** One volatile int in a block of its own: a stress test's x or y. */
@Shared
public class Cell
{
    public volatile int value;
}
