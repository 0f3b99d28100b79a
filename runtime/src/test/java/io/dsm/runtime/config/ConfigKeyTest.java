package io.dsm.runtime.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import io.dsm.api.DsmConfigException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The descriptor is the one source: the README table, NodeConfig's keys and its defaults follow it. */
class ConfigKeyTest
{
    private static final String README_HEADING = "### Configuration reference";

    /** What NodeConfig made of each key, written the way a user writes the key's value. */
    private static final Map<ConfigKey, Function<NodeConfig, String>> EFFECTIVE = new EnumMap<>(ConfigKey.class);

    static
    {
        EFFECTIVE.put(ConfigKey.NODE_ID, c -> String.valueOf(c.nodeId()));
        EFFECTIVE.put(ConfigKey.NODES, c -> String.join(",", c.members().values().stream().map(Object::toString).toList()));
        EFFECTIVE.put(ConfigKey.SHARED_CLASSES, c -> String.join(",", c.sharedClasses()));
        EFFECTIVE.put(ConfigKey.MANAGER_NODE, c -> String.valueOf(c.managerNode()));
        EFFECTIVE.put(ConfigKey.FAULT_TIMEOUT_MS, c -> String.valueOf(c.faultTimeoutMs()));
        EFFECTIVE.put(ConfigKey.CONNECT_TIMEOUT_MS, c -> String.valueOf(c.connectTimeoutMs()));
        EFFECTIVE.put(ConfigKey.LEAVE_TIMEOUT_MS, c -> String.valueOf(c.leaveTimeoutMs()));
        EFFECTIVE.put(ConfigKey.AERON_DIR, NodeConfig::aeronDir);
        EFFECTIVE.put(ConfigKey.TERM_LENGTH, c -> String.valueOf(c.termLength()));
        EFFECTIVE.put(ConfigKey.IDLE_STRATEGY, NodeConfig::idleStrategy);
        EFFECTIVE.put(ConfigKey.IDLE_HOT_US, c -> String.valueOf(c.idleHotUs()));
        EFFECTIVE.put(ConfigKey.IDLE_MAX_PARK_US, c -> String.valueOf(c.idleMaxParkUs()));
        EFFECTIVE.put(ConfigKey.GRANT_HOLD_US, c -> String.valueOf(c.grantHoldUs()));
        EFFECTIVE.put(ConfigKey.FAILURE_TIMEOUT_MS, c -> String.valueOf(c.failureTimeoutMs()));
        EFFECTIVE.put(ConfigKey.HEARTBEAT_INTERVAL_MS, c -> String.valueOf(c.heartbeatIntervalMs()));
        EFFECTIVE.put(ConfigKey.GRANT_WINDOW_US, c -> String.valueOf(c.grantWindowUs()));
        EFFECTIVE.put(ConfigKey.PROTOCOL, c -> c.protocol().configName());
        EFFECTIVE.put(ConfigKey.MIGRATION_HOLD_MS, c -> String.valueOf(c.migrationHoldMs()));
        EFFECTIVE.put(ConfigKey.LOCK_WARN_MS, c -> String.valueOf(c.lockWarnMs()));
        EFFECTIVE.put(ConfigKey.LAYOUT_FILE, NodeConfig::layoutFile);
        EFFECTIVE.put(ConfigKey.PROFILE, c -> String.valueOf(c.profile()));
        EFFECTIVE.put(ConfigKey.PROFILE_DIR, NodeConfig::profileDir);
        EFFECTIVE.put(ConfigKey.WRITES, NodeConfig::writes);
        EFFECTIVE.put(ConfigKey.WRITES_HOT_MS, c -> String.valueOf(c.writesHotMs()));
        EFFECTIVE.put(ConfigKey.DYNAMIC_BROADCAST_EVERY, c -> String.valueOf(c.dynamicBroadcastEvery()));
    }

    /** The smallest valid configuration: node 3 of members 3 and 1 (so the lowest id is not the node's own). */
    private static Properties minimal()
    {
        final Properties p = new Properties();
        p.setProperty(ConfigKey.NODES.key(), "3@h:5,1@h:7");
        p.setProperty(ConfigKey.NODE_ID.key(), "3");
        return p;
    }

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

    @Test
    void nodeConfigKeysAreTheDescriptors()
    {
        final List<String> names = new ArrayList<>();
        for (final ConfigKey k : ConfigKey.values())
        {
            names.add(k.key());
            assertEquals(k.description(), NodeConfig.KEYS.get(k.key()));
        }
        assertEquals(names, new ArrayList<>(NodeConfig.KEYS.keySet()));
        assertEquals("how long a faulting thread waits before it gets a DsmTimeoutException naming the node and block (default 10000)",
            ConfigKey.FAULT_TIMEOUT_MS.description());
        assertEquals(ConfigKey.FAULT_TIMEOUT_MS.key(), NodeConfig.FAULT_TIMEOUT_MS);
    }

    /** For every key with a plain default, NodeConfig without the key behaves as with the key set to that default. */
    @Test
    void plainDefaultsAreWhatNodeConfigUses()
    {
        final NodeConfig absent = NodeConfig.of(minimal());
        int checked = 0;
        for (final ConfigKey k : ConfigKey.values())
        {
            final Function<NodeConfig, String> effective = EFFECTIVE.get(k);
            assertNotNull(effective, k + " has no accessor in this test; add one to EFFECTIVE");
            if (k.defaultValue() == null)
            {
                continue;
            }
            assertEquals(k.defaultValue(), effective.apply(absent), k.key() + " absent");
            final Properties p = minimal();
            p.setProperty(k.key(), k.defaultValue());
            final NodeConfig explicit = NodeConfig.of(p);
            for (final Map.Entry<ConfigKey, Function<NodeConfig, String>> e : EFFECTIVE.entrySet())
            {
                assertEquals(e.getValue().apply(absent), e.getValue().apply(explicit),
                    e.getKey().key() + " with " + k.key() + "=" + k.defaultValue() + " set against absent");
            }
            checked++;
        }
        assertTrue(checked > 0, "no key has a plain default");
    }

    @Test
    void computedDefaultsAreWhatTheirTextSays()
    {
        final NodeConfig c = NodeConfig.of(minimal());
        assertEquals("lowest id", ConfigKey.MANAGER_NODE.defaultText());
        assertEquals(1, c.managerNode());
        assertEquals("`/dev/shm/dsm-node-<id>-<port>`", ConfigKey.AERON_DIR.defaultText());
        assertEquals("/dev/shm/dsm-node-3-5", c.aeronDir());
    }

    @Test
    void aMissingRequiredKeyIsNamedWithWhatToWrite()
    {
        for (final ConfigKey k : ConfigKey.values())
        {
            if (!k.isRequired())
            {
                continue;
            }
            final Properties p = minimal();
            p.remove(k.key());
            final DsmConfigException ex = assertThrows(DsmConfigException.class, () -> NodeConfig.of(p));
            assertEquals("missing required key " + k.key() + ": " + k.whenMissing(), ex.getMessage());
        }
    }

    /** The write mode is the JVM's: a configuration file that asks for another one is refused, not ignored. */
    @Test
    void aWriteModeInTheConfigurationThatTheJvmDoesNotRunIsRefused()
    {
        final Properties p = minimal();
        p.setProperty(ConfigKey.WRITES.key(), "cas".equals(System.getProperty("dsm.writes")) ? "asym" : "cas");
        final DsmConfigException ex = assertThrows(DsmConfigException.class, () -> NodeConfig.of(p));
        assertTrue(ex.getMessage().contains("applies to the whole JVM: pass it as a system property (-Ddsm.writes="), ex.getMessage());
        final Properties q = minimal();
        q.setProperty(ConfigKey.WRITES_HOT_MS.key(), "-1");
        assertThrows(DsmConfigException.class, () -> NodeConfig.of(q));
    }

}
