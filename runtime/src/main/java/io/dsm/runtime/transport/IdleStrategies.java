package io.dsm.runtime.transport;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/** The idle strategies a node can be configured with; backoff suits a 2-core machine. */
public final class IdleStrategies
{
    private IdleStrategies()
    {
    }

    public static IdleStrategy forName(final String name)
    {
        switch (name)
        {
            case "spin": return new BusySpinIdleStrategy();
            case "yielding": return new YieldingIdleStrategy();
            case "sleeping": return new SleepingMillisIdleStrategy(1);
            case "backoff":
                // short spin and yield phases, then parks of at most 100 us: low latency
                // without one busy core per agent
                return new BackoffIdleStrategy(
                    50, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
            default: throw new IllegalArgumentException("unknown idle strategy " + name);
        }
    }
}
