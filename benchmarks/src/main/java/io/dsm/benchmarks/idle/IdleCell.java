package io.dsm.benchmarks.idle;

import io.dsm.api.Shared;

/** The one shared root the idle nodes bind and read once, so each has exchanged protocol messages. */
@Shared
public final class IdleCell
{
    long value = 42;
}
