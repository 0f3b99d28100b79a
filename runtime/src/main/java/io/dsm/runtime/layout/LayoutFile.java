package io.dsm.runtime.layout;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import io.dsm.api.DsmConfigException;
import io.dsm.runtime.block.SyntheticNames;

/**
 * The layout file ({@code dsm.layout.file}): for each listed class, which of its own fields share
 * a coherence block. One line per class, in properties syntax:
 *
 * <pre>
 * layout.io.example.Stats = hits | misses | lastNode,name
 * </pre>
 *
 * Each {@code |}-separated group becomes a block of its own; the class's fields the line does not
 * name stay in the object's first block (block 0). A line replaces the class's {@code @Block}
 * annotations. Every node must use the same file: nodes compare {@link #text()} when they connect.
 */
public final class LayoutFile
{
    public static final String PREFIX = "layout.";
    public static final String PAD_PREFIX = "pad.";
    public static final LayoutFile NONE = new LayoutFile("(none)", new TreeMap<>(), new java.util.TreeSet<>());

    /** The layout this JVM's agent applied to the classes it rewrote; null when no agent set one. */
    private static volatile LayoutFile applied;

    private final String source;
    /** Class binary name to its groups of field names, in the file's order. */
    private final Map<String, List<List<String>>> classes;
    /** Classes whose blocks are padded apart in memory ({@code pad.<class> = true}). */
    private final Set<String> padded;

    private LayoutFile(final String source, final Map<String, List<List<String>>> classes, final Set<String> padded)
    {
        this.source = source;
        this.classes = classes;
        this.padded = padded;
    }

    /** Reads {@code path}; "" means no file. Throws {@link DsmConfigException} saying what to change. */
    public static LayoutFile read(final String path)
    {
        if (path == null || path.isBlank())
        {
            return NONE;
        }
        final Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8))
        {
            p.load(r);
        }
        catch (final IOException ex)
        {
            throw new DsmConfigException("cannot read the layout file dsm.layout.file=" + path + ": " + ex.getMessage());
        }
        return parse(p, path);
    }

    /** Called by the agent before any class loads: the layout the classes of this JVM are split by. */
    public static void applied(final LayoutFile layout)
    {
        applied = layout;
    }

    /**
     * The layout a node of this JVM runs with: the one the agent applied to the classes, which a
     * node's own {@code dsm.layout.file} must not contradict; without an agent layout, the node's
     * file (read here).
     */
    public static LayoutFile forNode(final String configuredPath)
    {
        final LayoutFile agent = applied;
        if (agent == null)
        {
            return read(configuredPath);
        }
        if (configuredPath != null && !configuredPath.isBlank())
        {
            final LayoutFile configured = read(configuredPath);
            final String difference = agent.differenceFrom(configured.text(), configuredPath);
            if (difference != null)
            {
                throw new DsmConfigException("the node's dsm.layout.file=" + configuredPath + " differs from the layout the " +
                    "agent split this JVM's classes by (" + agent.source() + "): " + difference);
            }
        }
        return agent;
    }

    /** Parses layout lines; {@code source} names them in errors. */
    public static LayoutFile parse(final Properties p, final String source)
    {
        final Map<String, List<List<String>>> classes = new TreeMap<>();
        final Set<String> padded = new java.util.TreeSet<>();
        for (final String key : p.stringPropertyNames())
        {
            if (key.startsWith(PAD_PREFIX) && key.length() > PAD_PREFIX.length())
            {
                final String value = p.getProperty(key).trim();
                if (!value.equals("true") && !value.equals("false"))
                {
                    throw new DsmConfigException(source + ": " + key + " = " + value + " must be true or false");
                }
                if (value.equals("true"))
                {
                    padded.add(key.substring(PAD_PREFIX.length()));
                }
                continue;
            }
            if (!key.startsWith(PREFIX) || key.length() == PREFIX.length())
            {
                throw new DsmConfigException(source + ": '" + key + "' is not a layout line; write " +
                    "layout.<class> = field,field | field (one line per class), or pad.<class> = true");
            }
            final String className = key.substring(PREFIX.length());
            classes.put(className, groups(source, className, p.getProperty(key)));
        }
        return new LayoutFile(source, classes, padded);
    }

    private static List<List<String>> groups(final String source, final String className, final String value)
    {
        final List<List<String>> groups = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        for (final String groupText : value.split("\\|", -1))
        {
            final List<String> group = new ArrayList<>();
            for (final String raw : groupText.split(",", -1))
            {
                final String field = raw.trim();
                if (field.isEmpty() || !Character.isJavaIdentifierStart(field.charAt(0)) ||
                    !field.chars().allMatch(Character::isJavaIdentifierPart))
                {
                    throw new DsmConfigException(source + ": layout." + className + " = " + value + " has an empty or " +
                        "malformed field name '" + field + "'; separate fields with ',' and blocks with '|'");
                }
                if (!seen.add(field))
                {
                    throw new DsmConfigException(source + ": layout." + className + " names " + field +
                        " twice; a field is in exactly one block");
                }
                group.add(field);
            }
            groups.add(Collections.unmodifiableList(group));
        }
        if (groups.size() >= SyntheticNames.MAX_BLOCKS)
        {
            throw new DsmConfigException(source + ": layout." + className + " has " + groups.size() + " groups; an object " +
                "has at most " + SyntheticNames.MAX_BLOCKS + " blocks (block 0 and " + (SyntheticNames.MAX_BLOCKS - 1) +
                " groups): merge groups");
        }
        return Collections.unmodifiableList(groups);
    }

    /** The groups the file gives the class's own fields, or null when it has no line for the class. */
    public List<List<String>> groups(final String className)
    {
        return classes.get(className);
    }

    /**
     * Whether the class's blocks are padded apart in memory: each block's fields and state word
     * in a {@code @Contended} group of its own, so threads of one JVM that write different blocks
     * do not share a cache line (needs {@code -XX:-RestrictContended}).
     */
    public boolean padded(final String className)
    {
        return padded.contains(className);
    }

    /** The classes the file names (split or padded). */
    public Set<String> classNames()
    {
        final Set<String> all = new java.util.TreeSet<>(classes.keySet());
        all.addAll(padded);
        return all;
    }

    public String source()
    {
        return source;
    }

    /** The file's lines in a canonical form (sorted, spaces normalised): what nodes compare at connect. */
    public String text()
    {
        final StringBuilder b = new StringBuilder();
        for (final Map.Entry<String, List<List<String>>> e : classes.entrySet())
        {
            b.append(line(e.getKey())).append('\n');
        }
        for (final String name : padded)
        {
            b.append(PAD_PREFIX).append(name).append(" = true\n");
        }
        return b.toString();
    }

    /** The canonical line of one class, or "(no line)" when the file does not name it. */
    public String line(final String className)
    {
        final List<List<String>> groups = classes.get(className);
        if (groups == null)
        {
            return "(no line for " + className + ")";
        }
        final StringBuilder b = new StringBuilder(PREFIX).append(className).append(" = ");
        for (int i = 0; i < groups.size(); i++)
        {
            // the order of groups numbers the blocks; the order of fields within a group means nothing
            b.append(i == 0 ? "" : " | ").append(String.join(",", new java.util.TreeSet<>(groups.get(i))));
        }
        return b.toString();
    }

    /**
     * Why a peer's layout (its {@link #text()}) differs from this one, naming the first class that
     * differs, or null when they are the same.
     */
    public String differenceFrom(final String peerText, final String peerName)
    {
        final LayoutFile peer = parse(load(peerText), peerName);
        final Set<String> names = new java.util.TreeSet<>(classNames());
        names.addAll(peer.classNames());
        for (final String name : names)
        {
            if (padded(name) != peer.padded(name))
            {
                return "class " + name + " is padded on " + (padded(name) ? "this node (" + source + ")" : peerName) +
                    " only. Give every node the same dsm.layout.file";
            }
            if (!line(name).equals(peer.line(name)))
            {
                return "class " + name + " is split differently: here (" + source + ") " + line(name) + ", on " + peerName +
                    " " + peer.line(name) + ". Give every node the same dsm.layout.file";
            }
        }
        return null;
    }

    private static Properties load(final String text)
    {
        final Properties p = new Properties();
        try
        {
            p.load(new java.io.StringReader(text));
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex); // a StringReader does not fail
        }
        return p;
    }
}
