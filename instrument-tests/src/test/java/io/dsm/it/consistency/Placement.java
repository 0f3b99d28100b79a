package io.dsm.it.consistency;

import java.util.Arrays;

/** Which node's replica each role uses. */
final class Placement
{
    final String name;
    private final int[] nodeOfRole;

    Placement(final String name, final int... nodeOfRole)
    {
        this.name = name;
        this.nodeOfRole = nodeOfRole.clone();
    }

    int node(final int role)
    {
        return nodeOfRole[role];
    }

    /** Nodes 0 to the highest one used: node 0 binds the objects, even when no role runs there. */
    int clusterSize()
    {
        return Arrays.stream(nodeOfRole).max().orElse(0) + 1;
    }

    @Override
    public String toString()
    {
        return name + Arrays.toString(nodeOfRole);
    }
}
