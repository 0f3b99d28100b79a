package io.dsm.benchmarks.messages;

import java.util.LinkedHashMap;
import java.util.Map;

/** Command-line options of the form {@code --key=value}. */
final class Args
{
    private final Map<String, String> values = new LinkedHashMap<>();

    Args(final String[] argv)
    {
        for (final String a : argv)
        {
            if (!a.startsWith("--") || !a.contains("="))
            {
                throw new IllegalArgumentException("arguments are --key=value, not " + a);
            }
            values.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
    }

    String get(final String key, final String dflt)
    {
        return values.getOrDefault(key, dflt);
    }

    boolean has(final String key)
    {
        return values.containsKey(key);
    }
}
