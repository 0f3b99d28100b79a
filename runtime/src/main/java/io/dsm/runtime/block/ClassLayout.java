package io.dsm.runtime.block;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.dsm.api.Protocol;
import io.dsm.api.Shared;

/**
 * The replicated fields of one shared class, in an order every JVM agrees on (superclass first,
 * then by name), with their handles for the slow path that ships and installs blocks, and the
 * blocks the agent split them into: each field's block comes from the agent's {@link InBlock}
 * mark (none: block 0), each block's state word from its synthetic name.
 */
public final class ClassLayout
{
    private static final ClassValue<ClassLayout> LAYOUTS = new ClassValue<>()
    {
        @Override
        protected ClassLayout computeValue(final Class<?> type)
        {
            return new ClassLayout(type);
        }
    };

    /** Type of a replicated field as it travels on the wire. */
    public enum Kind
    {
        BOOLEAN, BYTE, CHAR, SHORT, INT, FLOAT, LONG, DOUBLE, REFERENCE
    }

    /** One replicated field. */
    public static final class Slot
    {
        public final String name;
        public final Class<?> declaring;
        public final Kind kind;
        /** The field's handle, for the slow path that ships and installs it (not a constant: no JIT folding here). */
        public final VarHandle handle;
        /** A final field's setter: a VarHandle cannot write a final field, a replica's installer must. */
        private final MethodHandle finalSetter;
        public final boolean isVolatile;
        public final boolean isFinal;
        /** The field's Java type, as {@link Class#getName()} names it (profiles show it). */
        public final String typeName;
        /** The block of the object that holds this field. */
        public final int block;

        Slot(final Field f, final Class<?> declaring, final int block)
        {
            this.name = f.getName();
            this.declaring = declaring;
            this.kind = kindOf(f.getType());
            this.handle = FieldHandles.of(declaring, f.getName(), f.getType());
            this.finalSetter = Modifier.isFinal(f.getModifiers()) ? FieldHandles.finalSetter(f) : null;
            this.isVolatile = Modifier.isVolatile(f.getModifiers());
            this.isFinal = Modifier.isFinal(f.getModifiers());
            this.typeName = f.getType().getName();
            this.block = block;
        }

        /** Installs a final field's value into a replica (which no constructor ran for). */
        public void setFinal(final Object o, final Object value)
        {
            try
            {
                finalSetter.invoke(o, value);
            }
            catch (final RuntimeException | Error ex)
            {
                throw ex;
            }
            catch (final Throwable t)
            {
                throw new IllegalStateException("cannot install final field " + declaring.getName() + "." + name, t);
            }
        }
    }

    private final Class<?> type;
    private final boolean shared;
    private final VarHandle stateHandle;
    private final VarHandle metaHandle;
    private final Slot[] slots;
    private final Slot[][] slotsByBlock;
    private final VarHandle[] stateHandles;
    private final Protocol protocol;

    private ClassLayout(final Class<?> type)
    {
        this.type = type;
        final List<Class<?>> chain = new ArrayList<>();
        Field stateField = null;
        Field metaField = null;
        for (Class<?> c = type; c != null && stateField == null; c = c.getSuperclass())
        {
            chain.add(0, c);
            stateField = declared(c, SyntheticNames.STATE_FIELD);
            metaField = declared(c, SyntheticNames.META_FIELD);
        }
        shared = stateField != null && metaField != null;
        stateHandle = shared ? FieldHandles.of(stateField.getDeclaringClass(), stateField.getName(), int.class) : null;
        metaHandle = shared ? FieldHandles.of(metaField.getDeclaringClass(), metaField.getName(), Object.class) : null;

        final List<Slot> list = new ArrayList<>();
        int blocks = 1;
        if (shared)
        {
            for (final Class<?> c : chain)
            {
                final List<Field> fields = new ArrayList<>();
                for (final Field f : c.getDeclaredFields())
                {
                    if (!Modifier.isStatic(f.getModifiers()) && !f.getName().startsWith("$dsm$"))
                    {
                        fields.add(f);
                    }
                }
                fields.sort(Comparator.comparing(Field::getName));
                for (final Field f : fields)
                {
                    final InBlock in = f.getAnnotation(InBlock.class);
                    final int block = in == null ? 0 : in.value();
                    list.add(new Slot(f, c, block));
                    blocks = Math.max(blocks, block + 1);
                }
            }
        }
        slots = list.toArray(new Slot[0]);
        stateHandles = new VarHandle[blocks];
        slotsByBlock = new Slot[blocks][];
        for (int k = 0; k < blocks; k++)
        {
            stateHandles[k] = k == 0 ? stateHandle : BlockState.stateHandle(type, SyntheticNames.stateField(k));
            final int block = k;
            slotsByBlock[k] = list.stream().filter(slot -> slot.block == block).toArray(Slot[]::new);
        }
        Protocol declared = Protocol.DEFAULT;
        for (Class<?> c = type; c != null && shared; c = c.getSuperclass())
        {
            final Shared annotation = c.getAnnotation(Shared.class);
            if (annotation != null)
            {
                declared = annotation.protocol();
                break;
            }
        }
        protocol = declared;
    }

    /** The protocol the class declares (or inherits); {@link Protocol#DEFAULT} means the cluster's. */
    public Protocol protocol()
    {
        return protocol;
    }

    /** Index of a field in {@link #slots()}, for writes that travel as values. */
    public int slotIndex(final Class<?> declaring, final String name)
    {
        for (int i = 0; i < slots.length; i++)
        {
            if (slots[i].declaring == declaring && slots[i].name.equals(name))
            {
                return i;
            }
        }
        throw new IllegalArgumentException(declaring.getName() + "." + name + " is not a shared field of " + type.getName());
    }

    public static ClassLayout of(final Class<?> type)
    {
        return LAYOUTS.get(type);
    }

    public static boolean isShared(final Class<?> type)
    {
        return LAYOUTS.get(type).shared;
    }

    public Class<?> type()
    {
        return type;
    }

    public boolean shared()
    {
        return shared;
    }

    /** The handle of block 0's state word. */
    public VarHandle stateHandle()
    {
        return stateHandle;
    }

    /** Every replicated field of the object, all blocks, in wire order. */
    public Slot[] slots()
    {
        return slots;
    }

    /** The fields of block {@code k}, in wire order: what a grant of that block carries. */
    public Slot[] slots(final int k)
    {
        return slotsByBlock[k];
    }

    /** How many blocks an object of this class has (1 unless the agent split it). */
    public int blockCount()
    {
        return stateHandles.length;
    }

    /** The handle of block {@code k}'s state word. */
    public VarHandle stateHandle(final int k)
    {
        return stateHandles[k];
    }

    /** The text of the split, block 0 first: fields by name, blocks separated by " | ". */
    public String describeBlocks()
    {
        final StringBuilder b = new StringBuilder();
        for (int k = 0; k < slotsByBlock.length; k++)
        {
            if (k > 0)
            {
                b.append(" | ");
            }
            for (int i = 0; i < slotsByBlock[k].length; i++)
            {
                b.append(i == 0 ? "" : ",").append(slotsByBlock[k][i].name);
            }
        }
        return b.toString();
    }

    public int state(final Object o)
    {
        return (int)stateHandle.getVolatile(o);
    }

    /** Sets block 0's state word (tests place a state change at one exact point of a race). */
    public void setStateRelease(final Object o, final int state)
    {
        stateHandle.setVolatile(o, state);
    }

    /** Sets every block's state word (a fresh replica, not reachable by application threads yet: all INVALID). */
    public void setAllStatesRelease(final Object o, final int state)
    {
        for (final VarHandle h : stateHandles)
        {
            h.setVolatile(o, state);
        }
    }

    public BlockMeta meta(final Object o)
    {
        return (BlockMeta)metaHandle.getVolatile(o);
    }

    public boolean casMeta(final Object o, final BlockMeta meta)
    {
        return metaHandle.compareAndSet(o, (Object)null, (Object)meta);
    }

    private static Field declared(final Class<?> c, final String name)
    {
        try
        {
            return c.getDeclaredField(name);
        }
        catch (final NoSuchFieldException ex)
        {
            return null;
        }
    }

    private static Kind kindOf(final Class<?> t)
    {
        if (t == boolean.class) return Kind.BOOLEAN;
        if (t == byte.class) return Kind.BYTE;
        if (t == char.class) return Kind.CHAR;
        if (t == short.class) return Kind.SHORT;
        if (t == int.class) return Kind.INT;
        if (t == float.class) return Kind.FLOAT;
        if (t == long.class) return Kind.LONG;
        if (t == double.class) return Kind.DOUBLE;
        return Kind.REFERENCE;
    }
}
