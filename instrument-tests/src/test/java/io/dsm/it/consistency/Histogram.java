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

    /** Rounds whose label contains {@code part}, for example one reader's half of it. */
    int countContaining(final String part)
    {
        return counts.entrySet().stream().filter(e -> e.getKey().contains(part)).mapToInt(Map.Entry::getValue).sum();
    }

    @Override
    public String toString()
    {
        return counts.toString();
    }
}
