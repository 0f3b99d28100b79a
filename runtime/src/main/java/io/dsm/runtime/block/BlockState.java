package io.dsm.runtime.block;

import java.lang.invoke.VarHandle;

/**
 * The per-block access state word that the agent adds to every {@code @Shared} object, and the
 * fast-path operations on it that rewritten code calls (small enough for C2 to inline; the
 * {@link VarHandle} they take is a {@code static final} field of the shared class, a constant
 * once inlined).
 *
 * <p>Bits 0-1 are the access mode. A block writable here is in one of two write states:
 * <ul>
 * <li>{@link #WRITE} (0): writers <em>announce</em> ({@link #enterAnnounced}): they set their
 *     thread's {@link WriterSlot} flag, check that the state is still 0, store, and clear the
 *     flag. The revoker leaves 0 with a CAS and then waits until no flag is set, after a
 *     process-wide barrier in {@link WriteMode asym} mode. A fresh object that was never shared
 *     has state 0 too: it is written at almost the cost of a plain store;</li>
 * <li>{@link #WRITE_CAS} (8): writers enter with a CAS from exactly 8 to {@code 8|}{@link #WRITING}
 *     and leave with a release store, and the revoker leaves with a CAS from exactly 8. No barrier:
 *     the state of blocks that move often, and of every shared block in {@code cas} mode.</li>
 * </ul>
 * Writers on the slow path (after a fault) enter both write states with the CAS, which also
 * keeps announced writers out until they leave.
 */
public final class BlockState
{
    public static final int MODE_MASK = 3;
    /** Readable and writable here (this node owns the block), or not shared at all; writers announce. */
    public static final int WRITE = 0;
    /** A read-only copy. */
    public static final int READ = 1;
    /** No valid copy here: any access faults. */
    public static final int INVALID = 2;
    /** The protocol agent is changing the block in place (a central server applying a remote write). */
    public static final int BUSY = 3;
    /** Bit that is set in every mode that does not allow a read. */
    public static final int NOT_READABLE = 2;
    /** Set while a local thread is inside a write that entered with a CAS. */
    public static final int WRITING = 4;
    /** Writable here, and writers enter with a CAS (mode bits still {@link #WRITE}). */
    public static final int WRITE_CAS = 8;

    /** TEST ONLY: busy-wait iterations between a writer's check and its store, a preempted writer. */
    private static final int WRITE_PAUSE = Integer.getInteger("dsm.test.writePause", 0);

    private BlockState()
    {
    }

    /** Volatile read of the state word, for accesses to volatile fields. */
    public static int stateVolatile(final VarHandle state, final Object o)
    {
        return (int)state.getVolatile(o);
    }

    /**
     * Opens a write section on a block in state {@link #WRITE}: true means the caller stores and
     * then calls {@link #exitAnnounced}; false means the flag is clear again and the caller takes
     * the CAS or fault path.
     *
     * <p>Why this is sound without a fence (asym mode): the flag store is an opaque access and
     * the state load is one too; HotSpot's C2 puts a wide compiler barrier (MemBarCPUOrder) around
     * every such access, so the machine code is flag store, state load, field store, flag store in
     * program order (checked with {@code benchmarks/print-write-accessor.sh}); the interpreter and
     * C1 fence them outright. The revoker CASes the state away from 0 and then issues
     * {@code membarrier}, which runs a full barrier on every CPU running one of our threads, so
     * any section whose state load missed the CAS has its flag store visible to the revoker,
     * which waits for the flag's release-clear, after the field store. In cas mode there is no
     * barrier, so both accesses are volatile: the plain Dekker handshake.
     */
    public static boolean enterAnnounced(final WriterSlot slot, final VarHandle state, final Object o)
    {
        o.getClass(); // no NullPointerException may leave the section with the flag set
        if (BrokenMode.NO_ANNOUNCE)
        {
            return (int)state.getOpaque(o) == WRITE && pause();
        }
        if (WriteMode.ASYMMETRIC)
        {
            WriterSlot.IN_FLIGHT.setOpaque(slot, 1);
            if ((int)state.getOpaque(o) == WRITE)
            {
                return WRITE_PAUSE == 0 || pause();
            }
        }
        else
        {
            WriterSlot.IN_FLIGHT.setVolatile(slot, 1);
            if ((int)state.getVolatile(o) == WRITE)
            {
                return WRITE_PAUSE == 0 || pause();
            }
        }
        WriterSlot.IN_FLIGHT.setRelease(slot, 0);
        return false;
    }

    /** Closes a write section opened by {@link #enterAnnounced}: a release store, so the field store is visible first. */
    public static void exitAnnounced(final WriterSlot slot)
    {
        if (!BrokenMode.NO_ANNOUNCE)
        {
            WriterSlot.IN_FLIGHT.setRelease(slot, 0);
        }
    }

    /** A write section ended by an exception (a StackOverflowError in the interpreter): the flag must not stay set. */
    public static void abandonAnnounced(final WriterSlot slot)
    {
        WriterSlot.IN_FLIGHT.setVolatile(slot, 0);
    }

    /** Enters a write on a block in state {@link #WRITE_CAS}; false means the caller must fault. */
    public static boolean tryEnterCas(final VarHandle state, final Object o)
    {
        if (BrokenMode.UNSOUND_WRITES)
        {
            return ((int)state.getOpaque(o) & MODE_MASK) == WRITE && pause();
        }
        return state.compareAndSet(o, WRITE_CAS, WRITE_CAS | WRITING) && (WRITE_PAUSE == 0 || pause());
    }

    /** Enters a write from either write state with a CAS (the slow path); false: not writable, or another writer is inside. */
    static boolean tryEnterSlow(final VarHandle state, final Object o, final int s)
    {
        if (BrokenMode.UNSOUND_WRITES)
        {
            return (s & MODE_MASK) == WRITE;
        }
        return (s == WRITE || s == WRITE_CAS) && state.compareAndSet(o, s, s | WRITING);
    }

    /** Leaves a write entered with a CAS: a release store of the state without {@link #WRITING} (no one else changes it meanwhile). */
    public static void exitWrite(final VarHandle state, final Object o)
    {
        if (!BrokenMode.UNSOUND_WRITES)
        {
            state.setRelease(o, (int)state.getOpaque(o) & ~WRITING);
        }
    }

    /** The handle of a shared class's state word (block 0), looked up once per class from its static initialiser. */
    public static VarHandle stateHandle(final Class<?> type)
    {
        return stateHandle(type, SyntheticNames.STATE_FIELD);
    }

    /** The handle of the named state word (block k >= 1 of a split class), declared in the class or above. */
    public static VarHandle stateHandle(final Class<?> type, final String stateField)
    {
        for (Class<?> c = type; c != null; c = c.getSuperclass())
        {
            try
            {
                c.getDeclaredField(stateField);
                return FieldHandles.of(c, stateField, int.class);
            }
            catch (final NoSuchFieldException ignore)
            {
                // declared further up
            }
        }
        throw new IllegalStateException(type.getName() + " has no " + stateField +
            " field: it was not transformed by the dsm agent (is -javaagent:dsm-agent.jar set?)");
    }

    public static int mode(final int state)
    {
        return state & MODE_MASK;
    }

    /** True while a local thread is inside a write entered with a CAS. */
    public static boolean writing(final int state)
    {
        return (state & WRITING) != 0;
    }

    /** True in both write states ({@link #WRITE}, {@link #WRITE_CAS}) with no writer inside. */
    public static boolean writable(final int state)
    {
        return state == WRITE || state == WRITE_CAS;
    }

    private static boolean pause()
    {
        for (int i = Math.max(WRITE_PAUSE, BrokenMode.UNSOUND_WRITES ? 200 : 0); i > 0; i--)
        {
            Thread.onSpinWait();
        }
        return true;
    }
}
