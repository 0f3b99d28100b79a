package io.dsm.it.consistency;

import java.util.Map;
import java.util.TreeMap;

/** Counts of each outcome of a run, by a short label. */
final class Histogram
{
    private final Map<String, Integer> counts = new TreeMap<>();

    void add(final String outcome)
    {
        counts.merge(outcome, 1, Integer::sum);
    }

    int count(final String outcome)
    {
        return counts.getOrDefault(outcome, 0);
    }

    @Override
    public String toString()
    {
        return counts.toString();
    }
}
