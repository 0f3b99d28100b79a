package io.dsm.benchmarks.grid;

import io.dsm.api.Shared;

/**
 * The turn-taking counter of the dsm side: node A increments it when it is even, node B when it
 * is odd, each reading it until it is its turn. Volatile, as a Java programmer would write a field
 * that another thread spins on.
 */
@Shared
public final class GridCounter
{
    volatile long value;
}
