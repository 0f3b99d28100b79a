package io.dsm.runtime.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.dsm.api.DsmConfigException;
import io.dsm.api.Protocol;
import io.dsm.runtime.config.ConfigKey;

/**
 * Validated configuration of one node. Read from a properties file (every key starts with
 * {@code dsm.}); a system property of the same name overrides the file, so one file can serve
 * every JVM of a cluster with {@code -Ddsm.node.id=N}. Every problem is reported at start with
 * the key and what to change.
 */
public final class NodeConfig
{
    public static final String NODE_ID = ConfigKey.NODE_ID.key();
    public static final String NODES = ConfigKey.NODES.key();
    public static final String SHARED_CLASSES = ConfigKey.SHARED_CLASSES.key();
    public static final String MANAGER_NODE = ConfigKey.MANAGER_NODE.key();
    public static final String FAULT_TIMEOUT_MS = ConfigKey.FAULT_TIMEOUT_MS.key();
    public static final String CONNECT_TIMEOUT_MS = ConfigKey.CONNECT_TIMEOUT_MS.key();
    public static final String LEAVE_TIMEOUT_MS = ConfigKey.LEAVE_TIMEOUT_MS.key();
    public static final String AERON_DIR = ConfigKey.AERON_DIR.key();
    public static final String TERM_LENGTH = ConfigKey.TERM_LENGTH.key();
    public static final String IDLE_STRATEGY = ConfigKey.IDLE_STRATEGY.key();
    public static final String IDLE_HOT_US = ConfigKey.IDLE_HOT_US.key();
    public static final String GRANT_HOLD_US = ConfigKey.GRANT_HOLD_US.key();
    public static final String FAILURE_TIMEOUT_MS = ConfigKey.FAILURE_TIMEOUT_MS.key();
    public static final String HEARTBEAT_INTERVAL_MS = ConfigKey.HEARTBEAT_INTERVAL_MS.key();
    public static final String GRANT_WINDOW_US = ConfigKey.GRANT_WINDOW_US.key();
    public static final String IDLE_MAX_PARK_US = ConfigKey.IDLE_MAX_PARK_US.key();
    public static final String PROTOCOL = ConfigKey.PROTOCOL.key();
    public static final String MIGRATION_HOLD_MS = ConfigKey.MIGRATION_HOLD_MS.key();
    public static final String DYNAMIC_BROADCAST_EVERY = ConfigKey.DYNAMIC_BROADCAST_EVERY.key();
    public static final String LOCK_WARN_MS = ConfigKey.LOCK_WARN_MS.key();
    public static final String LAYOUT_FILE = ConfigKey.LAYOUT_FILE.key();
    public static final String PROFILE = ConfigKey.PROFILE.key();
    public static final String PROFILE_DIR = ConfigKey.PROFILE_DIR.key();

    /** Every key a configuration may contain, with its meaning and default ({@link ConfigKey#description()}). */
    public static final Map<String, String> KEYS;

    static
    {
        final Map<String, String> keys = new LinkedHashMap<>();
        for (final ConfigKey k : ConfigKey.values())
        {
            keys.put(k.key(), k.description());
        }
        KEYS = Collections.unmodifiableMap(keys);
    }

    private static final Pattern MEMBER = Pattern.compile("(\\d+)@([A-Za-z0-9.\\-]+|\\[[0-9a-fA-F:]+\\]):(\\d+)");

    /** One member of the static membership. */
    public static final class Member
    {
        private final int id;
        private final String host;
        private final int port;

        Member(final int id, final String host, final int port)
        {
            this.id = id;
            this.host = host;
            this.port = port;
        }

        public int id()
        {
            return id;
        }

        public String host()
        {
            return host;
        }

        public int port()
        {
            return port;
        }

        public String endpoint()
        {
            return host + ":" + port;
        }

        @Override
        public String toString()
        {
            return id + "@" + endpoint();
        }
    }

    private final int nodeId;
    private final Map<Integer, Member> members;
    private final Set<String> sharedClasses;
    private final int managerNode;
    private final long faultTimeoutMs;
    private final long connectTimeoutMs;
    private final long leaveTimeoutMs;
    private final String aeronDir;
    private final int termLength;
    private final String idleStrategy;
    private final Protocol protocol;
    private final long migrationHoldMs;
    private final long lockWarnMs;
    private final long idleHotUs;
    private final long idleMaxParkUs;
    private final long grantHoldUs;
    private final long failureTimeoutMs;
    private final long heartbeatIntervalMs;
    private final long grantWindowUs;
    private final int dynamicBroadcastEvery;
    private final String layoutFile;
    private final boolean profile;
    private final String profileDir;
    private final String writes;
    private final long writesHotMs;

    private NodeConfig(final Properties p)
    {
        for (final String key : p.stringPropertyNames())
        {
            if (!KEYS.containsKey(key))
            {
                throw new DsmConfigException("unknown configuration key '" + key + "'; valid keys are " + KEYS.keySet());
            }
        }
        jvmWide(p, ConfigKey.WRITES);
        jvmWide(p, ConfigKey.WRITES_HOT_MS);
        writes = valueOrDefault(p, ConfigKey.WRITES).trim();
        if (!writes.equals("auto") && !writes.equals("asym") && !writes.equals("cas"))
        {
            throw new DsmConfigException(ConfigKey.WRITES.key() + "=" + writes + " is not a write mode; use auto (the default), " +
                "asym (cheap writes, a barrier per revocation) or cas (a CAS per write)");
        }
        writesHotMs = parseNonNegativeLong(p, ConfigKey.WRITES_HOT_MS);
        members = parseMembers(required(p, ConfigKey.NODES));
        nodeId = parseInt(p, ConfigKey.NODE_ID, null);
        if (!members.containsKey(nodeId))
        {
            throw new DsmConfigException(NODE_ID + "=" + nodeId + " is not a member of " + NODES + "=" +
                p.getProperty(NODES) + "; use one of the ids " + members.keySet());
        }
        sharedClasses = parseClassNames(p.getProperty(SHARED_CLASSES, ConfigKey.SHARED_CLASSES.defaultValue()));
        // computed default (see ConfigKey.MANAGER_NODE): the lowest id
        managerNode = parseInt(p, ConfigKey.MANAGER_NODE, String.valueOf(members.keySet().iterator().next()));
        if (!members.containsKey(managerNode))
        {
            throw new DsmConfigException(MANAGER_NODE + "=" + managerNode + " is not a member; use one of " + members.keySet());
        }
        faultTimeoutMs = parsePositiveLong(p, ConfigKey.FAULT_TIMEOUT_MS);
        connectTimeoutMs = parsePositiveLong(p, ConfigKey.CONNECT_TIMEOUT_MS);
        leaveTimeoutMs = parsePositiveLong(p, ConfigKey.LEAVE_TIMEOUT_MS);
        final Member self = members.get(nodeId);
        // computed default (see ConfigKey.AERON_DIR)
        aeronDir = p.getProperty(AERON_DIR, "/dev/shm/dsm-node-" + nodeId + "-" + self.port()).trim();
        termLength = parseInt(p, ConfigKey.TERM_LENGTH, ConfigKey.TERM_LENGTH.defaultValue());
        if (termLength < 65536 || termLength > (1 << 30) || Integer.bitCount(termLength) != 1)
        {
            throw new DsmConfigException(TERM_LENGTH + "=" + termLength + " must be a power of two between 65536 and 1073741824");
        }
        idleStrategy = p.getProperty(IDLE_STRATEGY, ConfigKey.IDLE_STRATEGY.defaultValue()).trim();
        if (!List.of("adaptive", "backoff", "sleeping", "yielding", "spin").contains(idleStrategy))
        {
            throw new DsmConfigException(
                IDLE_STRATEGY + "=" + idleStrategy + " is not one of adaptive, backoff, sleeping, yielding, spin");
        }
        idleHotUs = parseNonNegativeLong(p, ConfigKey.IDLE_HOT_US);
        idleMaxParkUs = parsePositiveLong(p, ConfigKey.IDLE_MAX_PARK_US);
        grantHoldUs = parseNonNegativeLong(p, ConfigKey.GRANT_HOLD_US);
        failureTimeoutMs = parseNonNegativeLong(p, ConfigKey.FAILURE_TIMEOUT_MS);
        heartbeatIntervalMs = parsePositiveLong(p, ConfigKey.HEARTBEAT_INTERVAL_MS);
        if (failureTimeoutMs != 0 && heartbeatIntervalMs * 3 > failureTimeoutMs)
        {
            throw new DsmConfigException(ConfigKey.HEARTBEAT_INTERVAL_MS.key() + "=" + heartbeatIntervalMs +
                " must be at most a third of " + ConfigKey.FAILURE_TIMEOUT_MS.key() + "=" + failureTimeoutMs +
                ", or a peer that is alive is declared dead after one late heartbeat: lower the interval or raise the timeout");
        }
        grantWindowUs = parseNonNegativeLong(p, ConfigKey.GRANT_WINDOW_US);
        final String protocolName = p.getProperty(PROTOCOL, ConfigKey.PROTOCOL.defaultValue()).trim();
        final Protocol named = Protocol.byConfigName(protocolName);
        if (named == null || named == Protocol.DEFAULT)
        {
            throw new DsmConfigException(PROTOCOL + "=" + protocolName + " is not a protocol; use one of " + protocolNames());
        }
        protocol = named;
        migrationHoldMs = parseNonNegativeLong(p, ConfigKey.MIGRATION_HOLD_MS);
        dynamicBroadcastEvery = (int)parseNonNegativeLong(p, ConfigKey.DYNAMIC_BROADCAST_EVERY);
        lockWarnMs = parsePositiveLong(p, ConfigKey.LOCK_WARN_MS);
        layoutFile = p.getProperty(LAYOUT_FILE, "").trim();
        final String profileText = p.getProperty(PROFILE, ConfigKey.PROFILE.defaultValue()).trim();
        if (!profileText.equals("true") && !profileText.equals("false"))
        {
            throw new DsmConfigException(PROFILE + "=" + profileText + " must be true or false");
        }
        profile = Boolean.parseBoolean(profileText);
        profileDir = p.getProperty(PROFILE_DIR, ConfigKey.PROFILE_DIR.defaultValue()).trim();
    }

    private static String protocolNames()
    {
        final List<String> names = new ArrayList<>();
        for (final Protocol p : Protocol.values())
        {
            if (p != Protocol.DEFAULT)
            {
                names.add(p.configName());
            }
        }
        return String.join(", ", names);
    }

    /** The cluster default protocol. */
    public Protocol protocol()
    {
        return protocol;
    }

    /** How long a thread waits for a cluster lock before it reports who holds it. */
    public long idleHotUs()
    {
        return idleHotUs;
    }

    public long idleMaxParkUs()
    {
        return idleMaxParkUs;
    }

    /** A peer silent this long is declared dead; 0: failure detection off. */
    public long failureTimeoutMs()
    {
        return failureTimeoutMs;
    }

    public long heartbeatIntervalMs()
    {
        return heartbeatIntervalMs;
    }

    public long grantHoldUs()
    {
        return grantHoldUs;
    }

    public long grantWindowUs()
    {
        return grantWindowUs;
    }

    public long lockWarnMs()
    {
        return lockWarnMs;
    }

    /** The layout file's path, or "" for none. */
    public String layoutFile()
    {
        return layoutFile;
    }

    public boolean profile()
    {
        return profile;
    }

    /** The write mode asked for ({@code auto}, {@code asym} or {@code cas}); the JVM's mode is {@code WriteMode.describe()}. */
    public String writes()
    {
        return writes;
    }

    /** {@code dsm.writes.hot.ms}: how soon after its grant a revocation marks a block hot. */
    public long writesHotMs()
    {
        return writesHotMs;
    }

    public String profileDir()
    {
        return profileDir;
    }

    public long migrationHoldMs()
    {
        return migrationHoldMs;
    }

    public int dynamicBroadcastEvery()
    {
        return dynamicBroadcastEvery;
    }

    private static long parseNonNegativeLong(final Properties p, final ConfigKey key)
    {
        final String value = valueOrDefault(p, key);
        try
        {
            final long v = Long.parseLong(value.trim());
            if (v < 0)
            {
                throw new DsmConfigException(key.key() + "=" + value + " must not be negative");
            }
            return v;
        }
        catch (final NumberFormatException ex)
        {
            throw new DsmConfigException(key.key() + "=" + value + " is not an integer");
        }
    }

    /**
     * A key that sets how this JVM's rewritten code runs, read once as a system property before any
     * node starts: in a configuration file it would be ignored, so it is refused there.
     */
    private static void jvmWide(final Properties p, final ConfigKey key)
    {
        final String value = p.getProperty(key.key());
        if (value != null && !value.trim().equals(System.getProperty(key.key(), key.defaultValue()).trim()))
        {
            throw new DsmConfigException(key.key() + " applies to the whole JVM: pass it as a system property (-D" + key.key() +
                "=" + value.trim() + ") instead of in the configuration");
        }
    }

    /** The key's value, or its plain default when it is absent or blank. */
    private static String valueOrDefault(final Properties p, final ConfigKey key)
    {
        final String value = p.getProperty(key.key());
        return value == null || value.isBlank() ? key.defaultValue() : value;
    }

    /** Reads a configuration from properties; system properties with dsm. keys override them. */
    public static NodeConfig from(final Properties fileProperties)
    {
        final Properties merged = new Properties();
        merged.putAll(fileProperties);
        for (final String key : System.getProperties().stringPropertyNames())
        {
            if (key.startsWith("dsm."))
            {
                merged.setProperty(key, System.getProperty(key));
            }
        }
        return new NodeConfig(merged);
    }

    /** Reads the file and applies system property overrides. */
    public static NodeConfig load(final Path file)
    {
        if (!Files.isRegularFile(file))
        {
            throw new DsmConfigException("configuration file " + file.toAbsolutePath() +
                " does not exist; pass an existing file as -javaagent:dsm-agent.jar=<file>");
        }
        final Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file))
        {
            p.load(in);
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new DsmConfigException("cannot read configuration file " + file + ": " + ex.getMessage());
        }
        return from(p);
    }

    /** Configuration exactly as given, without system property overrides (for in-process clusters). */
    public static NodeConfig of(final Properties p)
    {
        return new NodeConfig(p);
    }

    public int nodeId()
    {
        return nodeId;
    }

    public Map<Integer, Member> members()
    {
        return members;
    }

    public Member self()
    {
        return members.get(nodeId);
    }

    public List<Integer> peers()
    {
        final List<Integer> peers = new ArrayList<>(members.keySet());
        peers.remove(Integer.valueOf(nodeId));
        return peers;
    }

    public Set<String> sharedClasses()
    {
        return sharedClasses;
    }

    public int managerNode()
    {
        return managerNode;
    }

    public long faultTimeoutMs()
    {
        return faultTimeoutMs;
    }

    public long connectTimeoutMs()
    {
        return connectTimeoutMs;
    }

    public long leaveTimeoutMs()
    {
        return leaveTimeoutMs;
    }

    public String aeronDir()
    {
        return aeronDir;
    }

    public int termLength()
    {
        return termLength;
    }

    public String idleStrategy()
    {
        return idleStrategy;
    }

    /** Parses only the shared class list, which the agent needs even when no node is configured. */
    public static Set<String> parseClassNames(final String list)
    {
        final Set<String> names = new LinkedHashSet<>();
        for (final String raw : list.split(","))
        {
            final String name = raw.trim();
            if (name.isEmpty())
            {
                continue;
            }
            if (!name.matches("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*"))
            {
                throw new DsmConfigException(SHARED_CLASSES + " contains '" + name + "', which is not a fully qualified class name");
            }
            names.add(name);
        }
        return Collections.unmodifiableSet(names);
    }

    private static Map<Integer, Member> parseMembers(final String list)
    {
        final Map<Integer, Member> result = new TreeMap<>();
        final Set<String> endpoints = new LinkedHashSet<>();
        for (final String raw : list.split(","))
        {
            final String entry = raw.trim();
            final Matcher m = MEMBER.matcher(entry);
            if (!m.matches())
            {
                throw new DsmConfigException(NODES + " entry '" + entry + "' is malformed; write id@host:port, for example 0@127.0.0.1:40100");
            }
            final int id = Integer.parseInt(m.group(1));
            final int port = Integer.parseInt(m.group(3));
            if (id > 63)
            {
                throw new DsmConfigException(NODES + " entry '" + entry + "': node ids must be between 0 and 63");
            }
            if (port < 1 || port > 65535)
            {
                throw new DsmConfigException(NODES + " entry '" + entry + "': port " + port + " is outside 1-65535");
            }
            final Member member = new Member(id, m.group(2), port);
            if (result.put(id, member) != null)
            {
                throw new DsmConfigException(NODES + " names node id " + id + " twice; every node needs its own id");
            }
            if (!endpoints.add(member.endpoint()))
            {
                throw new DsmConfigException(NODES + " uses endpoint " + member.endpoint() + " twice; give every node its own port");
            }
        }
        if (result.isEmpty())
        {
            throw new DsmConfigException(NODES + " is empty; list the members as id@host:port,...");
        }
        return Collections.unmodifiableMap(result);
    }

    private static String required(final Properties p, final ConfigKey key)
    {
        final String value = p.getProperty(key.key());
        if (value == null || value.isBlank())
        {
            throw missing(key);
        }
        return value;
    }

    private static DsmConfigException missing(final ConfigKey key)
    {
        return new DsmConfigException("missing required key " + key.key() + ": " + key.whenMissing());
    }

    /** {@code dflt} is the default when the key is absent or blank; null when the key is required. */
    private static int parseInt(final Properties p, final ConfigKey key, final String dflt)
    {
        String value = p.getProperty(key.key());
        if (value == null || value.isBlank())
        {
            if (dflt == null)
            {
                throw missing(key);
            }
            value = dflt;
        }
        try
        {
            return Integer.parseInt(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new DsmConfigException(key.key() + "=" + value + " is not an integer");
        }
    }

    private static long parsePositiveLong(final Properties p, final ConfigKey key)
    {
        final String value = valueOrDefault(p, key);
        try
        {
            final long v = Long.parseLong(value.trim());
            if (v <= 0)
            {
                throw new DsmConfigException(key.key() + "=" + value + " must be positive");
            }
            return v;
        }
        catch (final NumberFormatException ex)
        {
            throw new DsmConfigException(key.key() + "=" + value + " is not an integer");
        }
    }
}
