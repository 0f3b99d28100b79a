package io.dsm.runtime.block;

import io.dsm.api.DsmException;
import io.dsm.api.NotShareableException;

/**
 * The out-of-line entry points that rewritten code calls: faults, the check of values stored
 * into shared reference fields, and the binding of static roots. Public because application
 * classes call it; not an API.
 */
public final class Access
{
    private static final ClassValue<Boolean> BY_VALUE = new ClassValue<>()
    {
        @Override
        protected Boolean computeValue(final Class<?> c)
        {
            return c == String.class || c == Integer.class || c == Long.class || c == Boolean.class ||
                c == Byte.class || c == Character.class || c == Short.class || c == Float.class ||
                c == Double.class || c.isEnum() || (c.getSuperclass() != null && c.getSuperclass().isEnum());
        }
    };

    private Access()
    {
    }

    /** A read of a shared field found its block not readable here (the object's first block). */
    public static void readFault(final Object o)
    {
        readFault(o, 0);
    }

    /** A read of a field in block {@code block} of a split object found that block not readable here. */
    public static void readFault(final Object o, final int block)
    {
        final BlockMeta meta = ClassLayout.of(o.getClass()).meta(o);
        if (meta != null)
        {
            final BlockMeta b = meta.sibling(block);
            b.faults.fault(b, AccessKind.READ);
        }
    }

    /**
     * A write of a shared field could not enter its block (block {@code block} of the object) on
     * the fast path. Returns true when the protocol performed the write itself (it carries writes
     * as values); false once the caller has entered the block with a CAS and must store and leave
     * with {@link BlockState#exitWrite}.
     */
    public static boolean writeSlow(final Object o, final int block, final Class<?> declaring, final String field,
        final Object value)
    {
        final BlockMeta object = ClassLayout.of(o.getClass()).meta(o);
        if (object != null)
        {
            final int slot = object.layout.slotIndex(declaring, field);
            final BlockMeta meta = object.sibling(object.layout.slots()[slot].block);
            if (meta.protocol.write(meta, slot, value))
            {
                return true;
            }
        }
        enterWriteSlow(o, block);
        return false;
    }

    /**
     * Profiling accessors (agent started with {@code dsm.profile=true}) report each field access
     * here: counted on the object's first block, when its node profiles.
     */
    public static void touch(final Object o, final Class<?> declaring, final String field, final boolean write)
    {
        final ClassLayout layout = ClassLayout.of(o.getClass());
        final BlockMeta meta = layout.meta(o);
        if (meta != null && meta.profile != null)
        {
            meta.profile.touch(layout.slotIndex(declaring, field), write, layout.slots().length);
        }
    }

    /** Faults until block {@code block} of {@code o} is writable here, then enters the write with a CAS. */
    public static void enterWriteSlow(final Object o, final int block)
    {
        final ClassLayout layout = ClassLayout.of(o.getClass());
        final java.lang.invoke.VarHandle state = layout.stateHandle(block);
        int busy = 0;
        while (true)
        {
            final int s = (int)state.getVolatile(o);
            if (BlockState.tryEnterSlow(state, o, s))
            {
                final BlockMeta meta = blockAt(layout, o, block);
                if (meta != null)
                {
                    meta.releaseHold(); // inside the write: a revocation now waits for it to leave
                }
                return;
            }
            if (BlockState.mode(s) == BlockState.WRITE || BlockState.mode(s) == BlockState.BUSY)
            {
                // another local thread is inside a write to this block: it leaves within a few instructions
                if (++busy > 1000)
                {
                    Thread.yield();
                }
                else
                {
                    Thread.onSpinWait();
                }
                continue;
            }
            final BlockMeta meta = blockAt(layout, o, block);
            if (meta == null)
            {
                throw new IllegalStateException("object of " + o.getClass().getName() + " has state " + s + " but no block");
            }
            meta.faults.fault(meta, AccessKind.WRITE);
        }
    }

    /** Block {@code block} of {@code o}, or null while {@code o} is not shared. */
    private static BlockMeta blockAt(final ClassLayout layout, final Object o, final int block)
    {
        final BlockMeta meta = layout.meta(o);
        return meta == null || layout.blockCount() == 1 ? meta : meta.sibling(block);
    }

    /**
     * Checks a value about to be stored into a shared reference field of {@code holder}: it must
     * be null, travel by value, or be a shared object of the same node as the holder.
     */
    public static void checkStore(final Object holder, final Object value)
    {
        if (value == null || BY_VALUE.get(value.getClass()))
        {
            return;
        }
        final ClassLayout layout = ClassLayout.of(value.getClass());
        if (!layout.shared())
        {
            throw notShareable(value.getClass());
        }
        final BlockMeta valueMeta = layout.meta(value);
        if (valueMeta == null)
        {
            return; // published lazily when the holder's block is first shipped
        }
        final BlockMeta holderMeta = ClassLayout.of(holder.getClass()).meta(holder);
        if (holderMeta != null && holderMeta.faults != valueMeta.faults)
        {
            throw new DsmException("cannot store node " + valueMeta.nodeId + "'s replica of " +
                value.getClass().getName() + " into node " + holderMeta.nodeId + "'s replica of " +
                holder.getClass().getName() + ": use the replicas of one node together");
        }
    }

    /** Checks a value stored into a final shared field (only possible in a constructor). */
    public static void checkValue(final Object value)
    {
        if (value != null && !BY_VALUE.get(value.getClass()) && !ClassLayout.isShared(value.getClass()))
        {
            throw notShareable(value.getClass());
        }
    }

    /**
     * A static reference field of a shared class is being assigned: if the value is a shared
     * object and a node runs in this JVM, the field is a cluster-wide root and the first
     * assignment in the cluster wins. Returns the value to store.
     */
    public static Object bindStaticRoot(final Object value, final String name)
    {
        final StaticRoots.Binder binder = StaticRoots.binder();
        if (binder == null || value == null || !ClassLayout.isShared(value.getClass()))
        {
            return value;
        }
        return binder.bindRoot(name, value);
    }

    public static NotShareableException notShareable(final Class<?> type)
    {
        if (type.isArray())
        {
            return new NotShareableException("an array (" + type.getSimpleName() + ") cannot be stored in a shared field: " +
                "arrays are not shared, and their element stores would be lost to other nodes. Wrap the elements in a " +
                "@Shared class (one object per element, or a @Shared class with one field per slot)");
        }
        return new NotShareableException(type.getName() + " cannot be stored in a shared field: it is not @Shared. " +
            "Annotate " + type.getSimpleName() + " with @io.dsm.api.Shared, list it in dsm.shared.classes, or store a " +
            "String, boxed primitive or enum instead");
    }
}
