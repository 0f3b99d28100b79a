package io.dsm.benchmarks.grid;

import io.dsm.api.Shared;

/**
 * The dsm side's record: four {@code long} fields in one object, so one coherence block. The
 * remote read and write workloads use one of them (a named root created on node A), the mixed
 * workload a thousand. Hazelcast's twin is {@link HzRecord}.
 */
@Shared
public final class GridRecord
{
    long a;
    long b;
    long c;
    long d;
}
