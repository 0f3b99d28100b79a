package io.dsm.benchmarks;

import java.util.Properties;

import org.HdrHistogram.Histogram;

/** How the benchmarks that write properties store a latency histogram: count, p50, p90, p99 and max, in ns. */
public final class Histograms
{
    private Histograms()
    {
    }

    /** Sets {@code key.count}, {@code key.p50}, {@code key.p90}, {@code key.p99} and {@code key.max}. */
    public static void store(final Properties results, final String key, final Histogram h)
    {
        results.setProperty(key + ".count", String.valueOf(h.getTotalCount()));
        results.setProperty(key + ".p50", String.valueOf(h.getValueAtPercentile(50)));
        results.setProperty(key + ".p90", String.valueOf(h.getValueAtPercentile(90)));
        results.setProperty(key + ".p99", String.valueOf(h.getValueAtPercentile(99)));
        results.setProperty(key + ".max", String.valueOf(h.getMaxValue()));
    }
}
