package io.dsm.benchmarks.fault;

import io.dsm.api.Shared;

/** The one shared object whose block the fault benchmark moves between the nodes. */
@Shared
public final class FaultCell
{
    long value;
    long writes;
    String tag = "fault-cell";
}
