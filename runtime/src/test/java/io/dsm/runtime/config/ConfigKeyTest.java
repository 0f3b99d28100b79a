package io.dsm.runtime.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The descriptor is the one source: the README table follows it. */
class ConfigKeyTest
{
    private static final String README_HEADING = "### Configuration reference";

    @Test
    void readmeConfigurationTableIsTheDescriptors() throws IOException
    {
        final Path readme = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("../README.md").normalize();
        final String expected = ConfigKey.markdownTable();
        final String actual = configurationTable(Files.readAllLines(readme));
        assertEquals(expected, actual, () -> readme + ": the table under '" + README_HEADING +
            "' differs from ConfigKey.markdownTable(); change the descriptor (ConfigKey) and replace the README's table with:\n\n" +
            expected + "\n");
    }

    /** The first markdown table after the heading, one line per row, each ending in a newline. */
    private static String configurationTable(final List<String> lines)
    {
        final int heading = lines.indexOf(README_HEADING);
        if (heading < 0)
        {
            fail("README.md has no heading '" + README_HEADING + "'");
        }
        int i = heading + 1;
        while (i < lines.size() && !lines.get(i).startsWith("|"))
        {
            if (lines.get(i).startsWith("#"))
            {
                fail("README.md has no table under '" + README_HEADING + "'");
            }
            i++;
        }
        final StringBuilder table = new StringBuilder();
        for (; i < lines.size() && lines.get(i).startsWith("|"); i++)
        {
            table.append(lines.get(i)).append('\n');
        }
        return table.toString();
    }

    @Test
    void everyNameIsUsedOnce()
    {
        assertEquals(ConfigKey.values().length, ConfigKey.index(ConfigKey.values()).size());
        final IllegalStateException twice = assertThrows(IllegalStateException.class,
            () -> ConfigKey.index(ConfigKey.FAULT_TIMEOUT_MS, ConfigKey.TERM_LENGTH, ConfigKey.FAULT_TIMEOUT_MS));
        assertTrue(twice.getMessage().contains("dsm.fault.timeout.ms is declared twice"), twice.getMessage());
        for (final ConfigKey k : ConfigKey.values())
        {
            assertEquals(k, ConfigKey.byKey(k.key()));
        }
        assertNull(ConfigKey.byKey("dsm.nodez"));
    }

    @Test
    void rowsAreWellFormed()
    {
        for (final ConfigKey k : ConfigKey.values())
        {
            // NodeConfig.from lets system properties override only dsm.* keys
            assertTrue(k.key().startsWith("dsm."), k.key());
            // a | or line break would split the README row
            for (final String cell : List.of(k.key(), k.meaning(), k.defaultText()))
            {
                assertFalse(cell.contains("|") || cell.contains("\n"), k + ": " + cell);
            }
            assertFalse(k.meaning().isBlank(), k.name());
            // every key has a plain default, a computed one (described) or is required (and says what to write)
            assertTrue(k.defaultValue() != null || k.defaultText() != null, k.name());
            assertEquals(k.isRequired(), k.whenMissing() != null, k.name());
            assertTrue(!k.isRequired() || k.defaultValue() == null, k.name());
        }
    }
}
