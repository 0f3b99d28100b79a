package io.dsm.runtime.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.dsm.api.Protocol;

/**
 * Every configuration key of a node, each written once: its property name, its default and its
 * meaning (in the style of Aeron's {@code Configuration}). {@code NodeConfig} reads names and
 * defaults from here, {@code DsmCluster} its defaults, and the README's configuration table is
 * {@link #markdownTable()} (a test fails when they differ; {@link #main} prints the table).
 *
 * <p>A default is either plain, the value as a user would write it ({@link #defaultValue()}), or,
 * when the key is required or its default is computed from other keys, null with a short text
 * for the README instead ({@link #defaultText()}). The declaration order is the order of
 * {@code NodeConfig.KEYS}, of the README table and of the key list in "unknown key" errors.
 */
public enum ConfigKey
{
    NODE_ID("dsm.node.id",
        required("required with `dsm.nodes`",
            "this node's id, one of the ids in dsm.nodes (usually set per JVM with -Ddsm.node.id=N)"),
        "this node's id (usually `-Ddsm.node.id=N`)"),

    NODES("dsm.nodes",
        required("required to start a node",
            "static membership: id@host:port,... for example 0@127.0.0.1:40100,1@127.0.0.1:40101"),
        "static membership, `id@host:port,...`, ids 0–63"),

    SHARED_CLASSES("dsm.shared.classes",
        plain(""),
        "comma-separated class names treated as `@Shared`"),

    MANAGER_NODE("dsm.manager.node",
        computed("lowest id"),
        "node that manages ownership and named roots"),

    FAULT_TIMEOUT_MS("dsm.fault.timeout.ms",
        plain("10000"),
        "how long a faulting thread waits before it gets a `DsmTimeoutException` naming the node and block"),

    FAILURE_TIMEOUT_MS("dsm.failure.timeout.ms",
        plain("1500"),
        "how long a peer may stay silent (no heartbeat, no message) before this node declares it dead; every survivor then learns it, and blocks, managers and roots are recovered from the survivors; 0 turns failure detection off (a dead peer then stalls what needs it until `dsm.fault.timeout.ms`)"),

    HEARTBEAT_INTERVAL_MS("dsm.heartbeat.interval.ms",
        plain("200"),
        "how often a node tells each peer it is alive (any message counts too); must be well below `dsm.failure.timeout.ms`"),

    CONNECT_TIMEOUT_MS("dsm.connect.timeout.ms",
        plain("30000"),
        "how long a starting node waits for all members"),

    LEAVE_TIMEOUT_MS("dsm.leave.timeout.ms",
        plain("30000"),
        "how long a stopping node keeps serving peers that have not left"),

    AERON_DIR("dsm.aeron.dir",
        computed("`/dev/shm/dsm-node-<id>-<port>`"),
        "this node's embedded media driver directory, deleted on start and close"),

    TERM_LENGTH("dsm.term.length",
        plain("1048576"),
        "Aeron term buffer length; the largest block message is 1/8 of it"),

    IDLE_STRATEGY("dsm.idle.strategy",
        plain("adaptive"),
        "how the node's thread waits for messages: `adaptive` (yields while busy, sleeps on its sockets when idle: the least CPU), `backoff`, `sleeping` (wakes every ms), `yielding` or `spin` (these two burn a core each; spin needs a spare core per node)"),

    IDLE_HOT_US("dsm.idle.hot.us",
        plain("2000"),
        "`adaptive`: how long the node keeps yielding for the next message after it last had work or sent a request; 0 parks at once (least CPU)"),

    IDLE_MAX_PARK_US("dsm.idle.max.park.us",
        plain("20000"),
        "`adaptive`: the longest an idle node sleeps between two rounds of housekeeping; a message to it wakes it at once (it sleeps on its sockets, or is woken by the sender in one JVM); idle CPU falls as it grows; while failure detection is on it is at most `dsm.heartbeat.interval.ms`, so heartbeats go out in time"),

    GRANT_HOLD_US("dsm.grant.hold.us",
        plain("1000"),
        "the longest a node keeps a block it just received for a local thread's fault before it lets a request take it away, so the faulting thread gets at least one access (ends when that access is made, usually within microseconds); 0 serves requests at once"),

    GRANT_WINDOW_US("dsm.grant.window.us",
        plain("0"),
        "the least time a node keeps a block it received for a local fault, even after that access (Mirage's time window): bounds how often a busy writer can take blocks from readers (fairness for read-mostly data written by one fast node), at the cost of that much latency for every hand-off; 0 for none"),

    PROTOCOL("dsm.protocol",
        plain(Protocol.IVY_FORWARDING_MANAGER.configName()),
        "coherence protocol for classes that do not choose one (see \"Protocols\")"),

    MIGRATION_HOLD_MS("dsm.migration.hold.ms",
        plain("0"),
        "`migration`: how long a node keeps a block it received before it gives it up"),

    DYNAMIC_BROADCAST_EVERY("dsm.dynamic.broadcast.every",
        plain("0"),
        "`ivy-dynamic`: broadcast a block's new owner every n ownership changes; 0 never"),

    LOCK_WARN_MS("dsm.lock.warn.ms",
        plain("10000"),
        "a thread waiting longer than this for a cluster lock (`synchronized` on a shared object) logs which node and thread hold it, and gets a `DsmTimeoutException` if that node does not answer"),

    LAYOUT_FILE("dsm.layout.file",
        computed("none: one block per object, or as `@Block` says"),
        "layout file: which fields of a class share a coherence block, one line per class (see \"Blocks within objects\"); read by the agent before any class loads; every node must use the same file (checked when nodes connect)"),

    PROFILE("dsm.profile",
        plain("false"),
        "`true`: record per block ownership moves, messages, bytes, time blocked and (on blocks that move) field accesses per node, and write `dsm-profile-node<id>.tsv` at exit, for `bin/dsm-layout`"),

    PROFILE_DIR("dsm.profile.dir",
        plain("."),
        "where `dsm.profile=true` writes the node's profile"),

    WRITES("dsm.writes",
        plain("auto"),
        "how a write to a block this node owns is kept from racing with its revocation, for the whole JVM (a system property, read before the first write): `asym` (writers announce with plain stores, a revocation issues `membarrier`; Linux with the agent's native barrier on HotSpot), `cas` (a CAS per write), `auto` (`asym` where it is available, else `cas`); the node logs the mode it runs (see \"Write modes\")"),

    WRITES_HOT_MS("dsm.writes.hot.ms",
        plain("10"),
        "in `asym` mode, a block revoked within this many ms of being granted (ping-pong, false sharing) is written with a CAS until it stays put for 100 times as long, so it costs no barrier per move; 0: never (a JVM-wide system property)");

    /** How a key's default is given: a plain value, a computed one (described), or none (required). */
    private static final class Default
    {
        final String value;
        final String text;
        final String whenMissing;

        Default(final String value, final String text, final String whenMissing)
        {
            this.value = value;
            this.text = text;
            this.whenMissing = whenMissing;
        }
    }

    /** A plain default, as a user would write it ("" for an empty list). */
    private static Default plain(final String value)
    {
        return new Default(value, null, null);
    }

    /** A default computed from other keys; {@code text} describes it (markdown). */
    private static Default computed(final String text)
    {
        return new Default(null, text, null);
    }

    /**
     * A required key; {@code text} is the README's default cell (markdown), {@code whenMissing}
     * what the error for a missing key says after "missing required key KEY: ".
     */
    private static Default required(final String text, final String whenMissing)
    {
        return new Default(null, text, whenMissing);
    }

    private static final Map<String, ConfigKey> BY_KEY = index(values());

    private final String key;
    private final String defaultValue;
    private final String defaultText;
    private final String whenMissing;
    private final String meaning;

    ConfigKey(final String key, final Default dflt, final String meaning)
    {
        this.key = key;
        this.defaultValue = dflt.value;
        this.defaultText = dflt.text;
        this.whenMissing = dflt.whenMissing;
        this.meaning = meaning;
    }

    /** The property name, for example {@code dsm.fault.timeout.ms}. */
    public String key()
    {
        return key;
    }

    /** The default as a user would write it, or null when the key is required or its default is computed. */
    public String defaultValue()
    {
        return defaultValue;
    }

    /** Whether a node cannot start without this key. */
    public boolean isRequired()
    {
        return whenMissing != null;
    }

    /** The README's default cell (markdown): the plain default, the computed default's description, or "required ...". */
    public String defaultText()
    {
        if (defaultValue == null)
        {
            return defaultText;
        }
        if (defaultValue.isEmpty())
        {
            return "none";
        }
        return defaultValue.matches("-?\\d+") ? defaultValue : "`" + defaultValue + "`";
    }

    /** One sentence, the README's wording (markdown). */
    public String meaning()
    {
        return meaning;
    }

    /** What the error for a missing required key says after "missing required key KEY: "; null if the key is optional. */
    public String whenMissing()
    {
        return whenMissing;
    }

    /** The meaning and default as plain text, for example "how long ... (default 10000)" (the values of {@code NodeConfig.KEYS}). */
    public String description()
    {
        final String dflt = plainText(defaultText());
        return plainText(meaning) + (isRequired() ? " (" + dflt + ")" : " (default " + dflt + ")");
    }

    /** The key with this property name, or null. */
    public static ConfigKey byKey(final String key)
    {
        return BY_KEY.get(key);
    }

    /** The README's configuration table: header, separator and one row per key, each line ending in a newline. */
    public static String markdownTable()
    {
        final StringBuilder table = new StringBuilder();
        table.append("| key | meaning | default |\n");
        table.append("| --- | --- | --- |\n");
        for (final ConfigKey k : values())
        {
            table.append("| `").append(k.key).append("` | ").append(k.meaning).append(" | ").append(k.defaultText()).append(" |\n");
        }
        return table.toString();
    }

    /** Prints the README's configuration table. */
    public static void main(final String[] args)
    {
        System.out.print(markdownTable());
    }

    /** Keys by property name; fails when two keys have the same name. */
    static Map<String, ConfigKey> index(final ConfigKey... keys)
    {
        final Map<String, ConfigKey> byKey = new LinkedHashMap<>();
        for (final ConfigKey k : keys)
        {
            final ConfigKey previous = byKey.put(k.key, k);
            if (previous != null)
            {
                throw new IllegalStateException("configuration key " + k.key + " is declared twice, by " + previous.name() +
                    " and " + k.name());
            }
        }
        return Collections.unmodifiableMap(byKey);
    }

    private static String plainText(final String markdown)
    {
        return markdown.replace("`", "");
    }
}
