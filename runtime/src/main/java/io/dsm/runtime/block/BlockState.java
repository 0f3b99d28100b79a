package io.dsm.runtime.block;

import java.lang.reflect.Field;

import sun.misc.Unsafe;

/**
 * The per-block access state word that the agent adds to every {@code @Shared} object, and the
 * fast-path operations on it that rewritten code calls (small enough for C2 to inline).
 *
 * <p>Bits 0-1 are the access mode; bit 2 ({@link #WRITING}) is set while a thread of this node is
 * inside a write to the block. A writer enters with one CAS from exactly {@link #WRITE} to
 * {@code WRITE | WRITING} and leaves with a release store of {@link #WRITE}. The mode is changed
 * only by the node's protocol agent, and leaving {@link #WRITE} is a CAS from exactly
 * {@link #WRITE}, so it waits out a write in flight: no store can land in a block after the
 * protocol agent has read it for shipping. This closes the write-versus-revocation race with one
 * CAS per write (local writers of one block take turns, as they would on its cache line anyway).
 *
 * <p>A fresh object that was never published has state 0, i.e. {@link #WRITE}: it is fully
 * accessible at no cost until it becomes shared.
 */
public final class BlockState
{
    public static final int MODE_MASK = 3;
    /** Readable and writable here (this node owns the block), or not shared at all. */
    public static final int WRITE = 0;
    /** A read-only copy. */
    public static final int READ = 1;
    /** No valid copy here: any access faults. */
    public static final int INVALID = 2;
    /** The protocol agent is changing the block in place (a central server applying a remote write). */
    public static final int BUSY = 3;
    /** Bit that is set in every mode that does not allow a read. */
    public static final int NOT_READABLE = 2;
    /** Set while a local thread is inside a write to the block. */
    public static final int WRITING = 4;

    public static final Unsafe UNSAFE = unsafe();

    private BlockState()
    {
    }

    /** Volatile read of the state word, for accesses to volatile fields. */
    public static int stateAcquire(final Object o, final long offset)
    {
        return UNSAFE.getIntVolatile(o, offset);
    }

    /** Enters a write if the block is writable here; false means the caller must fault. */
    public static boolean tryEnterWrite(final Object o, final long offset, final int state)
    {
        if (BrokenMode.UNSOUND_WRITES)
        {
            if ((state & MODE_MASK) != WRITE)
            {
                return false;
            }
            for (int i = 0; i < 200; i++)
            {
                Thread.onSpinWait();
            }
            return true;
        }
        return state == WRITE && UNSAFE.compareAndSwapInt(o, offset, WRITE, WRITE | WRITING);
    }

    public static void exitWrite(final Object o, final long offset)
    {
        if (!BrokenMode.UNSOUND_WRITES)
        {
            UNSAFE.putOrderedInt(o, offset, WRITE); // release store: the field store is visible first
        }
    }

    /** Offset of the state word of a shared class, looked up once per class from its static initialiser. */
    public static long stateOffset(final Class<?> type)
    {
        return stateOffset(type, SyntheticNames.STATE_FIELD);
    }

    /** Offset of the named state word (block k >= 1 of a split class), declared in the class or above. */
    public static long stateOffset(final Class<?> type, final String stateField)
    {
        for (Class<?> c = type; c != null; c = c.getSuperclass())
        {
            try
            {
                return UNSAFE.objectFieldOffset(c.getDeclaredField(stateField));
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

    /** True while a local thread is inside a write. */
    public static boolean writing(final int state)
    {
        return (state & WRITING) != 0;
    }

    private static Unsafe unsafe()
    {
        try
        {
            final Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe)f.get(null);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}
