package io.dsm.runtime.wire;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.dsm.runtime.block.BlockIds;

/**
 * The entries of recovery reports and plans, written and checked in one place: a report entry is a
 * block as one survivor holds it, a plan entry the block's new owner and copyset, a root entry one
 * named root.
 */
public final class RecoveryEntries
{
    public static final int REPORT_ENTRY = 11;
    public static final int PLAN_ENTRY = 18;
    /** A plan's owner for a block whose every copy died. */
    public static final int LOST = -1;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private RecoveryEntries()
    {
    }

    public static int putReport(final MutableDirectBuffer b, final int at, final long blockId, final int protocol,
        final int state, final boolean owner)
    {
        b.putLong(at, blockId, LE);
        b.putByte(at + 8, (byte)state);
        b.putByte(at + 9, (byte)(owner ? 1 : 0));
        b.putByte(at + 10, (byte)protocol);
        return at + REPORT_ENTRY;
    }

    /** The protocol's wire id (an entry of either kind). */
    public static int reportProtocol(final DirectBuffer b, final int at)
    {
        return b.getByte(at + 10) & 0xFF;
    }

    public static int planProtocol(final DirectBuffer b, final int at)
    {
        return b.getByte(at + 17) & 0xFF;
    }

    public static long reportBlock(final DirectBuffer b, final int at)
    {
        return b.getLong(at, LE);
    }

    public static int reportState(final DirectBuffer b, final int at)
    {
        return b.getByte(at + 8);
    }

    public static boolean reportOwner(final DirectBuffer b, final int at)
    {
        return b.getByte(at + 9) == 1;
    }

    public static int putPlan(final MutableDirectBuffer b, final int at, final long blockId, final int protocol, final int owner,
        final long copyset)
    {
        b.putLong(at, blockId, LE);
        b.putByte(at + 8, (byte)owner);
        b.putLong(at + 9, copyset, LE);
        b.putByte(at + 17, (byte)protocol);
        return at + PLAN_ENTRY;
    }

    public static long planBlock(final DirectBuffer b, final int at)
    {
        return b.getLong(at, LE);
    }

    public static int planOwner(final DirectBuffer b, final int at)
    {
        return b.getByte(at + 8);
    }

    public static long planCopyset(final DirectBuffer b, final int at)
    {
        return b.getLong(at + 9, LE);
    }

    public static int putRoot(final MutableDirectBuffer b, final int at, final String name, final long id, final String className)
    {
        final byte[] n = name.getBytes(StandardCharsets.UTF_8);
        final byte[] c = className.getBytes(StandardCharsets.UTF_8);
        int p = at;
        b.putInt(p, n.length, LE);
        b.putBytes(p + 4, n);
        p += 4 + n.length;
        b.putLong(p, id, LE);
        p += 8;
        b.putInt(p, c.length, LE);
        b.putBytes(p + 4, c);
        return p + 4 + c.length;
    }

    /** Calls {@code visitor} for each root entry (the entries were checked by {@link #isRoots}). */
    public static void forEachRoot(final DirectBuffer b, final int offset, final int length, final RootVisitor visitor)
    {
        int p = offset;
        final int end = offset + length;
        while (p < end)
        {
            final int n = b.getInt(p, LE);
            final String name = b.getStringWithoutLengthUtf8(p + 4, n);
            p += 4 + n;
            final long id = b.getLong(p, LE);
            p += 8;
            final int c = b.getInt(p, LE);
            final String className = b.getStringWithoutLengthUtf8(p + 4, c);
            p += 4 + c;
            visitor.root(name, id, className);
        }
    }

    /** One named root of a report or plan. */
    @FunctionalInterface
    public interface RootVisitor
    {
        void root(String name, long id, String className);
    }

    static boolean isReport(final DirectBuffer b, final int offset, final int length, final long members)
    {
        if (length % REPORT_ENTRY != 0)
        {
            return false;
        }
        for (int p = offset; p < offset + length; p += REPORT_ENTRY)
        {
            if (!BlockIds.isValid(reportBlock(b, p)) || reportState(b, p) < 0 || reportState(b, p) > 2 ||
                (b.getByte(p + 9) & ~1) != 0)
            {
                return false;
            }
        }
        return true;
    }

    static boolean isPlan(final DirectBuffer b, final int offset, final int length, final long members)
    {
        if (length % PLAN_ENTRY != 0)
        {
            return false;
        }
        for (int p = offset; p < offset + length; p += PLAN_ENTRY)
        {
            final int owner = planOwner(b, p);
            if (!BlockIds.isValid(planBlock(b, p)) || (owner != LOST && (owner < 0 || (members & (1L << owner)) == 0)) ||
                (planCopyset(b, p) & ~members) != 0)
            {
                return false;
            }
        }
        return true;
    }

    static boolean isRoots(final DirectBuffer b, final int offset, final int length)
    {
        int p = offset;
        final int end = offset + length;
        while (p < end)
        {
            if (p + 4 > end)
            {
                return false;
            }
            final int n = b.getInt(p, LE);
            if (n < 0 || p + 4L + n + 8 + 4 > end)
            {
                return false;
            }
            p += 4 + n;
            final long id = b.getLong(p, LE);
            if (!BlockIds.isValid(id))
            {
                return false;
            }
            p += 8;
            final int c = b.getInt(p, LE);
            if (c < 0 || p + 4L + c > end)
            {
                return false;
            }
            p += 4 + c;
        }
        return true;
    }
}
