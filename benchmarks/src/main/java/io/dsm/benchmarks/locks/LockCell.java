package io.dsm.benchmarks.locks;

import io.dsm.api.Shared;

/**
 * The shared object the lock benchmarks synchronize on: its monitor is a cluster lock, and
 * {@code value} is the counter of the contended-counter benchmark. In the plain JVM (no agent)
 * it is an ordinary object with the JVM's monitor.
 */
@Shared
public final class LockCell
{
    long value;
}
