package io.dsm.runtime.layout;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.dsm.runtime.block.BlockIds;
import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.BlockProfile;
import io.dsm.runtime.block.ClassLayout;

/**
 * Writes one node's profile ({@code dsm-profile-node<id>.tsv}, the format {@link ProfileReader}
 * reads): per class its layout and fields, per class and block the summed counters, and per object
 * whose blocks changed owner here the node's reads and writes of each field.
 */
public final class ProfileWriter
{
    public static final String HEADER = "# dsm-profile 1";

    private ProfileWriter()
    {
    }

    /** The file a node writes in {@code dir}. */
    public static Path fileFor(final Path dir, final int node)
    {
        return dir.resolve("dsm-profile-node" + node + ".tsv");
    }

    public static Path write(final Path dir, final int node, final int nodes, final String protocol, final long durationMs,
        final Collection<BlockMeta> blocks) throws IOException
    {
        Files.createDirectories(dir);
        final Path file = fileFor(dir, node);
        final Map<String, ClassLayout> classes = new TreeMap<>();
        final Map<String, long[]> totals = new TreeMap<>(); // "class\tblock" -> objects + counters
        final List<BlockMeta> moved = new ArrayList<>();
        final Set<Long> movedObjects = new HashSet<>();
        for (final BlockMeta meta : blocks)
        {
            final BlockProfile p = meta.profile;
            if (p == null)
            {
                continue;
            }
            final String cls = meta.layout.type().getName();
            classes.putIfAbsent(cls, meta.layout);
            final long[] sum = totals.computeIfAbsent(cls + '\t' + meta.block, k -> new long[1 + BlockProfile.COUNTERS]);
            sum[0]++;
            for (int c = 0; c < BlockProfile.COUNTERS; c++)
            {
                sum[1 + c] += p.get(c);
            }
            if (p.get(BlockProfile.OWNERSHIP_IN) + p.get(BlockProfile.OWNERSHIP_OUT) > 0 &&
                movedObjects.add(BlockIds.object(meta.id)))
            {
                moved.add(meta.sibling(0));
            }
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8))
        {
            w.write(HEADER + "\n");
            w.write("node\t" + node + "\nnodes\t" + nodes + "\nprotocol\t" + protocol + "\ndurationMs\t" + durationMs + "\n");
            for (final Map.Entry<String, ClassLayout> e : classes.entrySet())
            {
                final ClassLayout layout = e.getValue();
                w.write("layout\t" + e.getKey() + "\t" + layoutText(layout) + "\n");
                for (final ClassLayout.Slot s : layout.slots())
                {
                    w.write("field\t" + e.getKey() + "\t" + fieldName(layout, s) + "\t" + s.block + "\t" + s.typeName + "\t" +
                        flags(s) + "\n");
                }
            }
            for (final Map.Entry<String, long[]> e : totals.entrySet())
            {
                final StringBuilder line = new StringBuilder("block\t").append(e.getKey());
                for (final long v : e.getValue())
                {
                    line.append('\t').append(v);
                }
                w.write(line.append('\n').toString());
            }
            for (final BlockMeta object : moved)
            {
                final ClassLayout layout = object.layout;
                final ClassLayout.Slot[] slots = layout.slots();
                for (int i = 0; i < slots.length; i++)
                {
                    final long reads = object.profile.accesses(i, false);
                    final long writes = object.profile.accesses(i, true);
                    if (reads + writes > 0)
                    {
                        w.write("access\t" + layout.type().getName() + "\t" + BlockIds.format(object.id) + "\t" +
                            fieldName(layout, slots[i]) + "\t" + reads + "\t" + writes + "\n");
                    }
                }
            }
        }
        return file;
    }

    /**
     * A field's name: plain for the class's own fields, qualified by the declaring class for
     * inherited ones, so a layout line the optimizer writes for a class names only fields that
     * class declares (what the agent accepts).
     */
    private static String fieldName(final ClassLayout layout, final ClassLayout.Slot slot)
    {
        return slot.declaring == layout.type() ? slot.name : slot.declaring.getName() + "." + slot.name;
    }

    /** The blocks' fields, block 0 first, named as the field lines name them. */
    private static String layoutText(final ClassLayout layout)
    {
        final StringBuilder b = new StringBuilder();
        for (int k = 0; k < layout.blockCount(); k++)
        {
            b.append(k == 0 ? "" : " | ");
            final ClassLayout.Slot[] slots = layout.slots(k);
            for (int i = 0; i < slots.length; i++)
            {
                b.append(i == 0 ? "" : ",").append(fieldName(layout, slots[i]));
            }
        }
        return b.toString();
    }

    private static String flags(final ClassLayout.Slot s)
    {
        if (s.isFinal && s.isVolatile)
        {
            return "final,volatile";
        }
        return s.isFinal ? "final" : s.isVolatile ? "volatile" : "-";
    }
}
