package io.dsm.runtime.transport;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/** The idle strategies a node can be configured with; {@code adaptive} (the default) suits a 2-core machine. */
public final class IdleStrategies
{
    /** The names {@link #forName} knows, the default first. */
    public static final java.util.List<String> NAMES = java.util.List.of("adaptive", "backoff", "sleeping", "yielding", "spin");
    public static final long DEFAULT_HOT_US = 2000;
    public static final long DEFAULT_MAX_PARK_US = 20000;

    private IdleStrategies()
    {
    }

    public static IdleStrategy forName(final String name)
    {
        switch (name)
        {
            case "adaptive": return AdaptiveIdleStrategy.of(DEFAULT_HOT_US, DEFAULT_MAX_PARK_US, null);
            case "spin": return new BusySpinIdleStrategy();
            case "yielding": return new YieldingIdleStrategy();
            case "sleeping": return new SleepingMillisIdleStrategy(1);
            case "backoff":
                // a short spin, then a long yield phase before parking: on 2 cores a yielding agent
                // answers within microseconds while leaving the CPU to whoever needs it, and a
                // parked one takes ~70 us to wake (timer slack), so it parks only after ~1000
                // idle yields; parks last at most 100 us
                return new BackoffIdleStrategy(
                    100, 1000, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
            default: throw new IllegalArgumentException("unknown idle strategy " + name);
        }
    }
}
