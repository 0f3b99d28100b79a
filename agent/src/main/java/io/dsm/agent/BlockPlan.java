package io.dsm.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.type.TypeDescription;

import io.dsm.api.DsmConfigException;
import io.dsm.runtime.block.SyntheticNames;
import io.dsm.runtime.layout.LayoutFile;

/**
 * Which coherence block each instance field of a shared class is in, and which class declares
 * each block's state word. Block 0 is the object's first block, whose word the topmost shared
 * class declares; a class adds one block per group of its own fields, numbered after its
 * superclass's blocks, from its layout-file line if it has one, else from its {@code @Block} tags
 * (groups sorted by name). Groups are per class, as {@code @Contended}'s are.
 */
final class BlockPlan
{
    static final String BLOCK_ANNOTATION = "io.dsm.api.Block";

    /** Every field in block 0: a class without groups, as every class was before blocks. */
    static final BlockPlan WHOLE_OBJECT = new BlockPlan(Map.of(), new String[1], 0, false);

    private final Map<String, Integer> blockOfField;
    /** Internal name of the class that declares block k's state word and offset. */
    private final String[] wordOwners;
    private final int firstOwnBlock;
    private final boolean padded;

    private BlockPlan(final Map<String, Integer> blockOfField, final String[] wordOwners, final int firstOwnBlock,
        final boolean padded)
    {
        this.blockOfField = blockOfField;
        this.wordOwners = wordOwners;
        this.firstOwnBlock = firstOwnBlock;
        this.padded = padded;
    }

    /** The plan of {@code type}, whose shared superclass (if any) has {@code superPlan}. */
    static BlockPlan of(final TypeDescription type, final BlockPlan superPlan, final LayoutFile layout)
    {
        final String owner = type.getInternalName();
        final List<String> ownFields = new ArrayList<>();
        final Map<String, String> tags = new HashMap<>();
        for (final FieldDescription.InDefinedShape f : type.getDeclaredFields())
        {
            if (f.isStatic() || f.getName().startsWith(Names.AGENT_PREFIX))
            {
                continue;
            }
            ownFields.add(f.getName());
            for (final AnnotationDescription a : f.getDeclaredAnnotations())
            {
                if (a.getAnnotationType().getName().equals(BLOCK_ANNOTATION))
                {
                    final String tag = a.getValue("value").resolve(String.class);
                    if (!tag.isEmpty())
                    {
                        tags.put(f.getName(), tag);
                    }
                }
            }
        }
        final int inherited = superPlan == null ? 1 : superPlan.wordOwners.length;
        final Map<String, Integer> blockOf = new HashMap<>();
        final List<List<String>> lines = layout.groups(type.getName());
        final List<List<String>> groups = lines != null ? lines : groupsOfTags(tags);
        for (int g = 0; g < groups.size(); g++)
        {
            for (final String field : groups.get(g))
            {
                if (!ownFields.contains(field))
                {
                    throw new DsmConfigException(layout.source() + ": layout." + type.getName() + " names " + field +
                        ", which is not an instance field declared in " + type.getName() + "; its instance fields are " +
                        ownFields);
                }
                blockOf.put(field, inherited + g);
            }
        }
        final int count = inherited + groups.size();
        if (count > SyntheticNames.MAX_BLOCKS)
        {
            throw new DsmConfigException(type.getName() + " would have " + count + " blocks with its superclasses'; an object " +
                "has at most " + SyntheticNames.MAX_BLOCKS + ": merge groups");
        }
        for (final String field : ownFields)
        {
            blockOf.putIfAbsent(field, 0);
        }
        final String[] owners = new String[count];
        for (int k = 0; k < count; k++)
        {
            owners[k] = k < inherited && superPlan != null ? superPlan.wordOwners[k] : owner;
        }
        return new BlockPlan(blockOf, owners, superPlan == null ? 0 : inherited, layout.padded(type.getName()));
    }

    private static List<List<String>> groupsOfTags(final Map<String, String> tags)
    {
        final Map<String, List<String>> byTag = new TreeMap<>();
        new TreeMap<>(tags).forEach((field, tag) -> byTag.computeIfAbsent(tag, t -> new ArrayList<>()).add(field));
        return new ArrayList<>(byTag.values());
    }

    /** The block of one of the class's own instance fields. */
    int blockOf(final String field)
    {
        final Integer k = blockOfField.get(field);
        return k == null ? 0 : k;
    }

    /** Internal name of the class that declares block {@code k}'s word and offset. */
    String wordOwner(final int k)
    {
        return wordOwners[k];
    }

    /** The blocks whose words this class declares: from here to {@link #blockCount()} (block 0 only if topmost). */
    int firstOwnBlock()
    {
        return firstOwnBlock;
    }

    int blockCount()
    {
        return wordOwners.length;
    }

    /** Whether the class's own fields and state words go in one {@code @Contended} group per block (pad.<class>). */
    boolean padded()
    {
        return padded;
    }

    /** The contention group of block {@code k}'s fields and state word. */
    static String contentionGroup(final int k)
    {
        return "dsm-block-" + k;
    }
}
