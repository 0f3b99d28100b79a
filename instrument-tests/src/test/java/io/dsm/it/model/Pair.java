package io.dsm.it.model;

import io.dsm.api.Shared;

/** Two unrelated fields in one block: false sharing on purpose. */
@Shared
public class Pair
{
    public long a;
    public long b;
}
