package io.dsm.examples.counters;

import io.dsm.api.Shared;

/** Each node says it is done, so every node reads the others' final counts. */
@Shared
public class Finish
{
    public volatile boolean node0;
    public volatile boolean node1;
}
