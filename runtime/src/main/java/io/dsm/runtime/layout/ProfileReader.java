package io.dsm.runtime.layout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one node's profile ({@code dsm-profile-node<id>.tsv}, written by {@code ProfileWriter}).
 * The format, one tab-separated record a line:
 * <pre>
 * # dsm-profile 1
 * node        id
 * nodes       cluster size
 * protocol    name
 * durationMs  how long this node profiled
 * layout      class  "a,b | c"   (fields of block 0, then of block 1, ...)
 * field       class  name  block  type  flags ("-" or final,volatile)
 * block       class  block  objects ownershipIn ownershipOut invalidationsIn messagesIn messagesOut
 *                           bytesIn bytesOut readFaults writeFaults blockedNs
 * access      class  object  field  reads  writes
 * </pre>
 * Every fault in the input is reported as a {@link BadProfileException} whose message starts with
 * {@code file:line:} and says what was expected, so that a person can fix or re-record the file.
 */
public final class ProfileReader
{
    /** The only version this reader understands. */
    public static final int VERSION = 1;
    /** The first line of every profile. */
    public static final String HEADER = "# dsm-profile " + VERSION;
    /** A class has block 0 and at most 15 blocks of grouped fields. */
    public static final int MAX_BLOCKS = 16;

    private static final Pattern VERSION_LINE = Pattern.compile("#\\s*dsm-profile\\s+(\\S+)\\s*");

    private ProfileReader()
    {
    }

    /** A profile that cannot be used; the message names the file (and line) and what to change. */
    public static final class BadProfileException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        public BadProfileException(final String message)
        {
            super(message);
        }
    }

    /** One node's profile as written. {@code layouts} maps a class to its layout text, in file order. */
    public record Profile(String source, int node, int nodes, String protocol, long durationMs,
                          Map<String, String> layouts, List<FieldLine> fields, List<BlockLine> blocks,
                          List<AccessLine> accesses)
    {
    }

    /** A field and the block it is in; {@code line} is kept so that later checks can point at it. */
    public record FieldLine(String className, String name, int block, String type, boolean isFinal,
                            boolean isVolatile, int line)
    {
    }

    /** One node's totals for one block index of one class. */
    public record BlockLine(String className, int block, BlockCounts counts, int line)
    {
    }

    /** One node's reads and writes of one field of one object. */
    public record AccessLine(String className, String object, String field, long reads, long writes, int line)
    {
    }

    /** The counters of a {@code block} line, in the file's column order. */
    public record BlockCounts(long objects, long ownershipIn, long ownershipOut, long invalidationsIn,
                              long messagesIn, long messagesOut, long bytesIn, long bytesOut,
                              long readFaults, long writeFaults, long blockedNs)
    {
        public static final BlockCounts ZERO = new BlockCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        /** Column names after {@code block class index}, as in the format. */
        static final List<String> COLUMNS = List.of("objects", "ownershipIn", "ownershipOut", "invalidationsIn",
            "messagesIn", "messagesOut", "bytesIn", "bytesOut", "readFaults", "writeFaults", "blockedNs");

        static BlockCounts of(final long[] v)
        {
            return new BlockCounts(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
        }

        /** Adds two nodes' (or two lines') counters; the object count is the larger, not the sum,
         *  because every node counts the same shared objects. */
        public BlockCounts plus(final BlockCounts o)
        {
            return new BlockCounts(Math.max(objects, o.objects), ownershipIn + o.ownershipIn,
                ownershipOut + o.ownershipOut, invalidationsIn + o.invalidationsIn, messagesIn + o.messagesIn,
                messagesOut + o.messagesOut, bytesIn + o.bytesIn, bytesOut + o.bytesOut,
                readFaults + o.readFaults, writeFaults + o.writeFaults, blockedNs + o.blockedNs);
        }
    }

    /** Reads a profile file; its name (as given) is used in error messages. */
    public static Profile read(final Path file) throws IOException
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException e)
        {
            throw new BadProfileException(file + ": no such file");
        }
        final String text;
        try
        {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        }
        catch (final CharacterCodingException e)
        {
            throw new BadProfileException(file + ": not UTF-8 text; is this a dsm profile?");
        }
        return parse(file.toString(), text);
    }

    /** Parses profile text; {@code source} names it in error messages. */
    public static Profile parse(final String source, final String text)
    {
        return new Parser(source).parse(text);
    }

    /**
     * Splits a layout text ("a,b | c", block 0 first) into the fields of each block. Empty groups
     * are kept (a block 0 whose fields all moved out is written as an empty first group). A name may
     * appear twice: the layout text names fields unqualified, so a field a subclass shadows is there
     * once per declaring class; the field lines, which qualify such names, say which is where.
     *
     * @throws IllegalArgumentException naming what is wrong, without file or line
     */
    public static List<List<String>> parseLayout(final String text)
    {
        final String[] groups = text.split("\\|", -1);
        if (groups.length > MAX_BLOCKS)
        {
            throw new IllegalArgumentException("the layout has " + groups.length + " blocks, at most " +
                MAX_BLOCKS + " are possible");
        }
        final List<List<String>> blocks = new ArrayList<>();
        for (final String group : groups)
        {
            final List<String> fields = new ArrayList<>();
            for (final String raw : group.split(",", -1))
            {
                final String name = raw.trim();
                if (!name.isEmpty())
                {
                    fields.add(name);
                }
            }
            blocks.add(Collections.unmodifiableList(fields));
        }
        return Collections.unmodifiableList(blocks);
    }

    /** The block the layout puts {@code field} in; -1 when it names it never, or more than once (ambiguous). */
    public static int blockInLayout(final List<List<String>> layout, final String field)
    {
        int found = -1;
        for (int b = 0; b < layout.size(); b++)
        {
            for (final String f : layout.get(b))
            {
                if (f.equals(field))
                {
                    if (found >= 0)
                    {
                        return -1;
                    }
                    found = b;
                }
            }
        }
        return found;
    }

    /** One pass over one file; keeps what it has seen so that duplicates can point at the first. */
    private static final class Parser
    {
        private final String source;
        private int line;
        private Integer node;
        private Integer nodes;
        private String protocol;
        private Long durationMs;
        private final Map<String, Integer> headerLines = new HashMap<>();
        private final Map<String, String> layouts = new LinkedHashMap<>();
        private final Map<String, Integer> layoutLines = new HashMap<>();
        private final Map<String, List<List<String>>> layoutBlocks = new HashMap<>();
        private final List<FieldLine> fields = new ArrayList<>();
        private final Map<String, FieldLine> fieldByName = new HashMap<>();
        private final List<BlockLine> blocks = new ArrayList<>();
        private final Map<String, Integer> blockLines = new HashMap<>();
        private final List<AccessLine> accesses = new ArrayList<>();
        private final Map<String, Integer> accessLines = new HashMap<>();

        Parser(final String source)
        {
            this.source = source;
        }

        Profile parse(final String text)
        {
            final String[] lines = text.split("\n", -1);
            line = 1;
            final String first = strip(lines[0]);
            if (first.isEmpty() && lines.length == 1)
            {
                throw fail("the file is empty; a profile starts with '" + HEADER + "'");
            }
            final Matcher m = VERSION_LINE.matcher(first);
            if (!m.matches())
            {
                throw fail("not a dsm profile: the first line must be '" + HEADER + "', found '" + shorten(first) + "'");
            }
            if (!m.group(1).equals(String.valueOf(VERSION)))
            {
                throw fail("profile version " + m.group(1) + " is not supported; this tool reads version " + VERSION +
                    " (record the run again with this version of dsm)");
            }
            for (int i = 1; i < lines.length; i++)
            {
                line = i + 1;
                final String l = strip(lines[i]);
                if (l.isEmpty() || l.startsWith("#"))
                {
                    continue;
                }
                record(l.split("\t", -1));
            }
            line = 0;
            for (final String key : List.of("node", "nodes", "protocol", "durationMs"))
            {
                if (!headerLines.containsKey(key))
                {
                    throw fail("no '" + key + "' line; every profile has node, nodes, protocol and durationMs");
                }
            }
            checkAccessFields();
            return new Profile(source, node, nodes, protocol, durationMs, Collections.unmodifiableMap(layouts),
                List.copyOf(fields), List.copyOf(blocks), List.copyOf(accesses));
        }

        private void record(final String[] c)
        {
            final String kind = c[0];
            switch (kind)
            {
                case "node":
                    columns(c, 2, "node <id>");
                    once(kind);
                    node = (int) number(c[1], "the node id", 0, Integer.MAX_VALUE);
                    break;
                case "nodes":
                    columns(c, 2, "nodes <cluster size>");
                    once(kind);
                    nodes = (int) number(c[1], "the cluster size", 1, Integer.MAX_VALUE);
                    break;
                case "protocol":
                    columns(c, 2, "protocol <name>");
                    once(kind);
                    protocol = text(c[1], "the protocol name");
                    break;
                case "durationMs":
                    columns(c, 2, "durationMs <milliseconds>");
                    once(kind);
                    durationMs = number(c[1], "durationMs", 0, Long.MAX_VALUE);
                    break;
                case "layout":
                    layout(c);
                    break;
                case "field":
                    field(c);
                    break;
                case "block":
                    block(c);
                    break;
                case "access":
                    access(c);
                    break;
                default:
                    throw fail("unknown record kind '" + shorten(kind) +
                        "'; expected node, nodes, protocol, durationMs, layout, field, block or access" +
                        (c.length == 1 ? " (columns are separated by tabs)" : ""));
            }
        }

        private void layout(final String[] c)
        {
            columns(c, 3, "layout <class> <layout text>");
            final String cls = text(c[1], "the class name");
            final Integer first = layoutLines.putIfAbsent(cls, line);
            if (first != null)
            {
                throw fail("a second layout line for class " + cls + " (the first is on line " + first + ")");
            }
            try
            {
                layoutBlocks.put(cls, parseLayout(c[2]));
            }
            catch (final IllegalArgumentException e)
            {
                throw fail("bad layout of class " + cls + ": " + e.getMessage());
            }
            layouts.put(cls, c[2].trim());
            for (final FieldLine f : fields)
            {
                if (f.className().equals(cls))
                {
                    checkAgainstLayout(f);
                }
            }
        }

        private void field(final String[] c)
        {
            columns(c, 6, "field <class> <name> <block> <type> <flags>");
            final String cls = text(c[1], "the class name");
            final String name = text(c[2], "the field name");
            final int block = (int) number(c[3], "the block index", 0, MAX_BLOCKS - 1);
            final String type = text(c[4], "the field type");
            boolean isFinal = false;
            boolean isVolatile = false;
            if (!c[5].equals("-"))
            {
                for (final String flag : c[5].split(",", -1))
                {
                    switch (flag.trim())
                    {
                        case "final" -> isFinal = true;
                        case "volatile" -> isVolatile = true;
                        default -> throw fail("unknown field flag '" + shorten(flag) +
                            "'; flags are '-' or a comma list of final,volatile");
                    }
                }
            }
            final FieldLine f = new FieldLine(cls, name, block, type, isFinal, isVolatile, line);
            final FieldLine before = fieldByName.putIfAbsent(cls + '\t' + name, f);
            if (before != null)
            {
                throw fail("a second field line for " + cls + "." + name + " (the first is on line " + before.line() + ")");
            }
            if (layoutBlocks.containsKey(cls))
            {
                checkAgainstLayout(f);
            }
            fields.add(f);
        }

        /** A field line and the class's layout line must put the field in the same block. */
        private void checkAgainstLayout(final FieldLine f)
        {
            final int inLayout = blockInLayout(f.className(), f.name());
            if (inLayout >= 0 && inLayout != f.block())
            {
                throw new BadProfileException(source + ":" + Math.max(f.line(), line) + ": field " + f.className() +
                    "." + f.name() + " is in block " + f.block() + " by its field line (line " + f.line() +
                    ") but in block " + inLayout + " by the layout line (line " + layoutLines.get(f.className()) + ")");
            }
        }

        private int blockInLayout(final String cls, final String field)
        {
            final List<List<String>> blocksOfClass = layoutBlocks.get(cls);
            return blocksOfClass == null ? -1 : ProfileReader.blockInLayout(blocksOfClass, field);
        }

        private void block(final String[] c)
        {
            if (c.length != 3 + BlockCounts.COLUMNS.size())
            {
                throw fail("'block' lines have " + (3 + BlockCounts.COLUMNS.size()) +
                    " tab-separated columns (block, class, index, " + String.join(", ", BlockCounts.COLUMNS) +
                    "), found " + c.length);
            }
            final String cls = text(c[1], "the class name");
            final int block = (int) number(c[2], "the block index", 0, MAX_BLOCKS - 1);
            final long[] v = new long[BlockCounts.COLUMNS.size()];
            for (int i = 0; i < v.length; i++)
            {
                v[i] = number(c[3 + i], BlockCounts.COLUMNS.get(i), 0, Long.MAX_VALUE);
            }
            final Integer first = blockLines.putIfAbsent(cls + '\t' + block, line);
            if (first != null)
            {
                throw fail("a second block line for class " + cls + " block " + block + " (the first is on line " +
                    first + ")");
            }
            blocks.add(new BlockLine(cls, block, BlockCounts.of(v), line));
        }

        private void access(final String[] c)
        {
            columns(c, 6, "access <class> <object id> <field> <reads> <writes>");
            final String cls = text(c[1], "the class name");
            final String object = text(c[2], "the object id");
            final String field = text(c[3], "the field name");
            final long reads = number(c[4], "reads", 0, Long.MAX_VALUE);
            final long writes = number(c[5], "writes", 0, Long.MAX_VALUE);
            final Integer first = accessLines.putIfAbsent(cls + '\t' + object + '\t' + field, line);
            if (first != null)
            {
                throw fail("a second access line for field " + field + " of object " + object + " of class " + cls +
                    " (the first is on line " + first + ")");
            }
            accesses.add(new AccessLine(cls, object, field, reads, writes, line));
        }

        /** Every accessed field must be placed in a block by a field or layout line of this file. */
        private void checkAccessFields()
        {
            for (final AccessLine a : accesses)
            {
                if (!fieldByName.containsKey(a.className() + '\t' + a.field()) &&
                    blockInLayout(a.className(), a.field()) < 0)
                {
                    throw new BadProfileException(source + ":" + a.line() + ": access to field " + a.field() +
                        " of class " + a.className() + ", but no field or layout line of this file says which block " +
                        "it is in");
                }
            }
        }

        private void columns(final String[] c, final int want, final String expected)
        {
            if (c.length != want)
            {
                throw fail("'" + c[0] + "' lines have " + want + " tab-separated columns (" + expected + "), found " +
                    c.length);
            }
        }

        private void once(final String kind)
        {
            final Integer first = headerLines.putIfAbsent(kind, line);
            if (first != null)
            {
                throw fail("a second '" + kind + "' line (the first is on line " + first + ")");
            }
        }

        private String text(final String value, final String what)
        {
            if (value.isBlank())
            {
                throw fail(what + " is empty");
            }
            return value;
        }

        private long number(final String value, final String what, final long min, final long max)
        {
            final long n;
            try
            {
                n = Long.parseLong(value);
            }
            catch (final NumberFormatException e)
            {
                throw fail(what + " must be a decimal number, found '" + shorten(value) + "'");
            }
            if (n < min || n > max)
            {
                throw fail(what + " must be " + (max == Long.MAX_VALUE || max == Integer.MAX_VALUE
                    ? "at least " + min : "between " + min + " and " + max) + ", found " + n);
            }
            return n;
        }

        private BadProfileException fail(final String message)
        {
            return new BadProfileException(source + (line > 0 ? ":" + line : "") + ": " + message);
        }

        private static String strip(final String l)
        {
            return l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
        }

        private static String shorten(final String s)
        {
            return s.length() > 60 ? s.substring(0, 57) + "..." : s;
        }
    }
}
