package io.dsm.runtime.wire;

import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.block.BrokenMode;
import io.dsm.runtime.block.ClassLayout;

/**
 * Encodes the replicated fields of a block into a message payload and installs a received
 * payload into a replica. Primitives travel as fixed-width little-endian values; references as a
 * tag followed by the value: shared objects by global id and class, {@code String}, boxed
 * primitives and enums by value.
 */
public final class PayloadCodec
{
    public static final byte NULL = 0;
    public static final byte SHARED = 1;
    public static final byte STRING = 2;
    public static final byte BOOLEAN = 3;
    public static final byte BYTE = 4;
    public static final byte CHAR = 5;
    public static final byte SHORT = 6;
    public static final byte INT = 7;
    public static final byte LONG = 8;
    public static final byte FLOAT = 9;
    public static final byte DOUBLE = 10;
    public static final byte ENUM = 11;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final ReferenceResolver resolver;

    /** A codec whose references resolve through {@code resolver} (one node's block table). */
    public PayloadCodec(final ReferenceResolver resolver)
    {
        this.resolver = resolver;
    }

    /** Writes the fields of the block's replica at {@code offset}; returns the number of bytes written. */
    public int encode(final BlockMeta meta, final MutableDirectBuffer buf, final int offset)
    {
        final Object o = meta.replica;
        int p = offset;
        for (final ClassLayout.Slot s : slotsOf(meta))
        {
            final VarHandle h = s.handle;
            final boolean v = s.isVolatile;
            switch (s.kind)
            {
                case BOOLEAN: buf.putByte(p, (byte)((v ? (boolean)h.getVolatile(o) : (boolean)h.get(o)) ? 1 : 0)); p += 1; break;
                case BYTE: buf.putByte(p, v ? (byte)h.getVolatile(o) : (byte)h.get(o)); p += 1; break;
                case CHAR: buf.putChar(p, v ? (char)h.getVolatile(o) : (char)h.get(o), ORDER); p += 2; break;
                case SHORT: buf.putShort(p, v ? (short)h.getVolatile(o) : (short)h.get(o), ORDER); p += 2; break;
                case INT: buf.putInt(p, v ? (int)h.getVolatile(o) : (int)h.get(o), ORDER); p += 4; break;
                case FLOAT: buf.putFloat(p, v ? (float)h.getVolatile(o) : (float)h.get(o), ORDER); p += 4; break;
                case LONG: buf.putLong(p, v ? (long)h.getVolatile(o) : (long)h.get(o), ORDER); p += 8; break;
                case DOUBLE: buf.putDouble(p, v ? (double)h.getVolatile(o) : (double)h.get(o), ORDER); p += 8; break;
                default: p += encodeReference(v ? (Object)h.getVolatile(o) : (Object)h.get(o), buf, p);
            }
        }
        return p - offset;
    }

    /**
     * Installs a payload into the block's replica. Reads are bounds-checked against the payload,
     * so a malformed payload throws instead of touching anything outside it.
     */
    public void install(final BlockMeta meta, final DirectBuffer buf, final int offset, final int length)
    {
        final Object o = meta.replica;
        final int end = offset + length;
        int p = offset;
        for (final ClassLayout.Slot s : slotsOf(meta))
        {
            final VarHandle h = s.handle;
            final boolean v = s.isVolatile;
            switch (s.kind)
            {
                case BOOLEAN:
                    check(p, 1, end);
                    if (v) h.setVolatile(o, buf.getByte(p) != 0); else if (s.isFinal) s.setFinal(o, buf.getByte(p) != 0); else h.set(o, buf.getByte(p) != 0);
                    p += 1;
                    break;
                case BYTE:
                    check(p, 1, end);
                    if (v) h.setVolatile(o, buf.getByte(p)); else if (s.isFinal) s.setFinal(o, buf.getByte(p)); else h.set(o, buf.getByte(p));
                    p += 1;
                    break;
                case CHAR:
                    check(p, 2, end);
                    if (v) h.setVolatile(o, buf.getChar(p, ORDER)); else if (s.isFinal) s.setFinal(o, buf.getChar(p, ORDER)); else h.set(o, buf.getChar(p, ORDER));
                    p += 2;
                    break;
                case SHORT:
                    check(p, 2, end);
                    if (v) h.setVolatile(o, buf.getShort(p, ORDER)); else if (s.isFinal) s.setFinal(o, buf.getShort(p, ORDER)); else h.set(o, buf.getShort(p, ORDER));
                    p += 2;
                    break;
                case INT:
                    check(p, 4, end);
                    if (v) h.setVolatile(o, buf.getInt(p, ORDER)); else if (s.isFinal) s.setFinal(o, buf.getInt(p, ORDER)); else h.set(o, buf.getInt(p, ORDER));
                    p += 4;
                    break;
                case FLOAT:
                    check(p, 4, end);
                    if (v) h.setVolatile(o, buf.getFloat(p, ORDER)); else if (s.isFinal) s.setFinal(o, buf.getFloat(p, ORDER)); else h.set(o, buf.getFloat(p, ORDER));
                    p += 4;
                    break;
                case LONG:
                    check(p, 8, end);
                    if (v) h.setVolatile(o, buf.getLong(p, ORDER)); else if (s.isFinal) s.setFinal(o, buf.getLong(p, ORDER)); else h.set(o, buf.getLong(p, ORDER));
                    p += 8;
                    break;
                case DOUBLE:
                    check(p, 8, end);
                    if (v) h.setVolatile(o, buf.getDouble(p, ORDER)); else if (s.isFinal) s.setFinal(o, buf.getDouble(p, ORDER)); else h.set(o, buf.getDouble(p, ORDER));
                    p += 8;
                    break;
                default:
                    final Object[] value = new Object[1];
                    p += decodeReference(buf, p, end, value);
                    if (v) h.setVolatile(o, value[0]); else if (s.isFinal) s.setFinal(o, value[0]); else h.set(o, value[0]);
            }
        }
        if (p != end)
        {
            throw new IllegalArgumentException("payload for " + meta.describe() + " has " + (end - p) +
                " trailing bytes: sender and receiver disagree on the class layout (same class version on every node?)");
        }
    }

    /**
     * Throws {@link ClassNotReadyException} if installing this payload of a {@code layout} block
     * would create a replica or enum constant of a class not yet initialised on this node
     * (after starting its initialisation); changes nothing. Checked before a handler runs, so the
     * protocol thread never runs or waits for a static initialiser.
     */
    public void requireClassesReady(final ClassLayout layout, final int block, final DirectBuffer buf, final int offset,
        final int length)
    {
        final int end = offset + length;
        final Object[] scratch = new Object[1];
        int p = offset;
        if (block >= layout.blockCount())
        {
            return; // the protocol's handler refuses the unknown block and says why
        }
        for (final ClassLayout.Slot s : BrokenMode.WHOLE_OBJECT_GRANTS ? layout.slots() : layout.slots(block))
        {
            p += s.kind == ClassLayout.Kind.REFERENCE ? decodeReference(buf, p, end, scratch, true) : width(s.kind);
        }
    }

    /**
     * The fields a grant of this block carries: its own, never its neighbours'. A neighbour's field
     * in a grant would overwrite that block's newer value on the receiver, a lost write.
     */
    private static ClassLayout.Slot[] slotsOf(final BlockMeta meta)
    {
        return BrokenMode.WHOLE_OBJECT_GRANTS ? meta.layout.slots() : meta.layout.slots(meta.block);
    }

    /** As {@link #requireClassesReady(ClassLayout, int, DirectBuffer, int, int)} for one field's value. */
    public void requireClassReady(final ClassLayout layout, final int slot, final DirectBuffer buf,
        final int offset, final int length)
    {
        final ClassLayout.Slot[] slots = layout.slots();
        if (slot >= 0 && slot < slots.length && slots[slot].kind == ClassLayout.Kind.REFERENCE)
        {
            decodeReference(buf, offset, offset + length, new Object[1], true);
        }
    }

    private static int width(final ClassLayout.Kind kind)
    {
        switch (kind)
        {
            case BOOLEAN: case BYTE: return 1;
            case CHAR: case SHORT: return 2;
            case INT: case FLOAT: return 4;
            default: return 8;
        }
    }

    /** Encodes one field's new value (boxed for primitives) as the slot's wire type; returns the length. */
    public int encodeSlotValue(final BlockMeta meta, final int slot, final Object value, final MutableDirectBuffer buf,
        final int p)
    {
        final ClassLayout.Slot s = meta.layout.slots()[slot];
        switch (s.kind)
        {
            case BOOLEAN: buf.putByte(p, (byte)((Boolean)value ? 1 : 0)); return 1;
            case BYTE: buf.putByte(p, (Byte)value); return 1;
            case CHAR: buf.putChar(p, (Character)value, ORDER); return 2;
            case SHORT: buf.putShort(p, (Short)value, ORDER); return 2;
            case INT: buf.putInt(p, (Integer)value, ORDER); return 4;
            case FLOAT: buf.putFloat(p, (Float)value, ORDER); return 4;
            case LONG: buf.putLong(p, (Long)value, ORDER); return 8;
            case DOUBLE: buf.putDouble(p, (Double)value, ORDER); return 8;
            default: return encodeReference(value, buf, p);
        }
    }

    /** Installs one field's value received as a write; bounds-checked like {@link #install}. */
    public void installSlot(final BlockMeta meta, final int slot, final DirectBuffer buf, final int offset, final int length)
    {
        final ClassLayout.Slot[] slots = meta.layout.slots();
        if (slot < 0 || slot >= slots.length)
        {
            throw new IllegalArgumentException("slot " + slot + " out of range for " + meta.describe());
        }
        if (slots[slot].block != meta.block)
        {
            throw new IllegalArgumentException("slot " + slot + " (" + slots[slot].name + ") is in block " + slots[slot].block +
                ", not in " + meta.describe());
        }
        final ClassLayout.Slot s = slots[slot];
        final Object o = meta.replica;
        final VarHandle h = s.handle;
        final int end = offset + length;
        final int p = offset;
        final int n;
        switch (s.kind)
        {
            case BOOLEAN: check(p, 1, end); h.setVolatile(o, buf.getByte(p) != 0); n = 1; break;
            case BYTE: check(p, 1, end); h.setVolatile(o, buf.getByte(p)); n = 1; break;
            case CHAR: check(p, 2, end); h.setVolatile(o, buf.getChar(p, ORDER)); n = 2; break;
            case SHORT: check(p, 2, end); h.setVolatile(o, buf.getShort(p, ORDER)); n = 2; break;
            case INT: check(p, 4, end); h.setVolatile(o, buf.getInt(p, ORDER)); n = 4; break;
            case FLOAT: check(p, 4, end); h.setVolatile(o, buf.getFloat(p, ORDER)); n = 4; break;
            case LONG: check(p, 8, end); h.setVolatile(o, buf.getLong(p, ORDER)); n = 8; break;
            case DOUBLE: check(p, 8, end); h.setVolatile(o, buf.getDouble(p, ORDER)); n = 8; break;
            default:
                final Object[] value = new Object[1];
                n = decodeReference(buf, p, end, value);
                h.setVolatile(o, value[0]);
        }
        if (n != length)
        {
            throw new IllegalArgumentException("value for " + meta.describe() + " slot " + slot + " has " + (length - n) +
                " trailing bytes");
        }
    }

    private int encodeReference(final Object value, final MutableDirectBuffer buf, final int p)
    {
        if (value == null)
        {
            buf.putByte(p, NULL);
            return 1;
        }
        final Class<?> type = value.getClass();
        if (type == String.class)
        {
            buf.putByte(p, STRING);
            return 1 + buf.putStringUtf8(p + 1, (String)value, ORDER);
        }
        if (type == Integer.class) { buf.putByte(p, INT); buf.putInt(p + 1, (Integer)value, ORDER); return 5; }
        if (type == Long.class) { buf.putByte(p, LONG); buf.putLong(p + 1, (Long)value, ORDER); return 9; }
        if (type == Boolean.class) { buf.putByte(p, BOOLEAN); buf.putByte(p + 1, (byte)((Boolean)value ? 1 : 0)); return 2; }
        if (type == Byte.class) { buf.putByte(p, BYTE); buf.putByte(p + 1, (Byte)value); return 2; }
        if (type == Character.class) { buf.putByte(p, CHAR); buf.putChar(p + 1, (Character)value, ORDER); return 3; }
        if (type == Short.class) { buf.putByte(p, SHORT); buf.putShort(p + 1, (Short)value, ORDER); return 3; }
        if (type == Float.class) { buf.putByte(p, FLOAT); buf.putFloat(p + 1, (Float)value, ORDER); return 5; }
        if (type == Double.class) { buf.putByte(p, DOUBLE); buf.putDouble(p + 1, (Double)value, ORDER); return 9; }
        if (value instanceof Enum)
        {
            final Enum<?> e = (Enum<?>)value;
            buf.putByte(p, ENUM);
            int n = 1 + buf.putStringUtf8(p + 1, e.getDeclaringClass().getName(), ORDER);
            n += buf.putStringUtf8(p + n, e.name(), ORDER);
            return n;
        }
        final BlockMeta ref = resolver.publish(value);
        buf.putByte(p, SHARED);
        buf.putLong(p + 1, ref.id, ORDER);
        return 9 + buf.putStringUtf8(p + 9, type.getName(), ORDER);
    }

    /** Decodes one reference value into {@code out[0]}; returns its length. */
    private int decodeReference(
        final DirectBuffer buf, final int p, final int end, final Object[] out)
    {
        return decodeReference(buf, p, end, out, false);
    }

    /**
     * Decodes one reference value into {@code out[0]}, or with {@code checkOnly} only checks that
     * the class of a shared object or enum is initialised; returns its length.
     */
    private int decodeReference(
        final DirectBuffer buf, final int p, final int end, final Object[] out, final boolean checkOnly)
    {
        check(p, 1, end);
        final byte tag = buf.getByte(p);
        switch (tag)
        {
            case NULL: out[0] = null; return 1;
            case STRING: { final String s = string(buf, p + 1, end); out[0] = s; return 1 + 4 + utf8Length(buf, p + 1); }
            case INT: check(p + 1, 4, end); out[0] = buf.getInt(p + 1, ORDER); return 5;
            case LONG: check(p + 1, 8, end); out[0] = buf.getLong(p + 1, ORDER); return 9;
            case BOOLEAN: check(p + 1, 1, end); out[0] = buf.getByte(p + 1) != 0; return 2;
            case BYTE: check(p + 1, 1, end); out[0] = buf.getByte(p + 1); return 2;
            case CHAR: check(p + 1, 2, end); out[0] = buf.getChar(p + 1, ORDER); return 3;
            case SHORT: check(p + 1, 2, end); out[0] = buf.getShort(p + 1, ORDER); return 3;
            case FLOAT: check(p + 1, 4, end); out[0] = buf.getFloat(p + 1, ORDER); return 5;
            case DOUBLE: check(p + 1, 8, end); out[0] = buf.getDouble(p + 1, ORDER); return 9;
            case ENUM:
            {
                final String className = string(buf, p + 1, end);
                final int n1 = 4 + utf8Length(buf, p + 1);
                final String name = string(buf, p + 1 + n1, end);
                if (checkOnly)
                {
                    resolver.requireInitialized(resolver.classFor(className));
                }
                else
                {
                    out[0] = resolver.enumConstant(className, name);
                }
                return 1 + n1 + 4 + utf8Length(buf, p + 1 + n1);
            }
            case SHARED:
            {
                check(p + 1, 8, end);
                final long id = buf.getLong(p + 1, ORDER);
                final String className = string(buf, p + 9, end);
                if (checkOnly)
                {
                    resolver.requireInitialized(resolver.classFor(className));
                }
                else
                {
                    out[0] = resolver.replica(id, className);
                }
                return 9 + 4 + utf8Length(buf, p + 9);
            }
            default:
                throw new IllegalArgumentException("unknown value tag " + tag + " in payload");
        }
    }

    private static String string(final DirectBuffer buf, final int p, final int end)
    {
        check(p, 4, end);
        final int len = buf.getInt(p, ORDER);
        if (len < 0)
        {
            throw new IllegalArgumentException("negative string length " + len + " in payload");
        }
        check(p + 4, len, end);
        return buf.getStringWithoutLengthUtf8(p + 4, len);
    }

    private static int utf8Length(final DirectBuffer buf, final int p)
    {
        return buf.getInt(p, ORDER);
    }

    private static void check(final int p, final int n, final int end)
    {
        if (n < 0 || p + n > end || p + n < p)
        {
            throw new IllegalArgumentException("payload truncated: needs " + n + " bytes at " + p + ", ends at " + end);
        }
    }
}
