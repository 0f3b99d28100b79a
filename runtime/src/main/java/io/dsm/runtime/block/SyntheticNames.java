package io.dsm.runtime.block;

/**
 * The names of what the agent adds to a shared class, written once: the agent emits them and the
 * runtime looks them up, so the two cannot disagree.
 */
public final class SyntheticNames
{
    /** {@code int}: the block's access state word (see {@link BlockState}). */
    public static final String STATE_FIELD = "$dsm$state";
    /** {@code Object}: the block's {@link BlockMeta}, the slow path's link to the node. */
    public static final String META_FIELD = "$dsm$meta";
    /**
     * {@code static final VarHandle}: the handle of the state word, set first in the class
     * initialiser; a constant to C2, so the accessors' state accesses compile to plain loads and stores.
     */
    public static final String HANDLE_FIELD = "$dsm$vh";
    /** Prefix of the read accessor of a field: {@code $dsm$r$<field>}. */
    public static final String READ_PREFIX = "$dsm$r$";
    /** Prefix of the write accessor of a field: {@code $dsm$w$<field>}. */
    public static final String WRITE_PREFIX = "$dsm$w$";
    /** Prefix of the state word of block k >= 1 of an object: {@code $dsm$s<k>}. */
    public static final String BLOCK_STATE_PREFIX = "$dsm$s";
    /** Descriptor of the annotation that records a field's block (k >= 1). */
    public static final String IN_BLOCK_DESCRIPTOR = "Lio/dsm/runtime/block/InBlock;";
    /** Most blocks one object may have: the block index travels in four bits of the block id. */
    public static final int MAX_BLOCKS = 16;
    /** Internal name of the class rewritten code calls on its slow path. */
    public static final String ACCESS_CLASS = "io/dsm/runtime/block/Access";
    /** Internal name of the class rewritten {@code synchronized}, {@code wait} and {@code notify} call. */
    public static final String MONITORS_CLASS = "io/dsm/runtime/sync/Monitors";
    /** Internal name of the class rewritten code calls for state checks. */
    public static final String BLOCK_STATE_CLASS = "io/dsm/runtime/block/BlockState";
    /** Internal name of a thread's write announcement flag, which write accessors take. */
    public static final String WRITER_SLOT_CLASS = "io/dsm/runtime/block/WriterSlot";
    /** Internal name of the registry that hands a thread its {@link WriterSlot}. */
    public static final String WRITER_SLOTS_CLASS = "io/dsm/runtime/block/WriterSlots";

    private SyntheticNames()
    {
    }

    /** The state word of block {@code k}: block 0 keeps the one-block name. */
    public static String stateField(final int k)
    {
        return k == 0 ? STATE_FIELD : BLOCK_STATE_PREFIX + k;
    }

    /** The static handle of block {@code k}'s state word. */
    public static String handleField(final int k)
    {
        return k == 0 ? HANDLE_FIELD : HANDLE_FIELD + k;
    }
}
