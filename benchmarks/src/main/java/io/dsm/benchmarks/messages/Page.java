package io.dsm.benchmarks.messages;

import io.dsm.api.Shared;

/**
 * The shared object whose block the message-count and thrashing benchmarks move around. It takes
 * the cluster's default protocol ({@code dsm.protocol}), so one class serves every algorithm.
 */
@Shared
public final class Page
{
    long value;
    long writes;
}
