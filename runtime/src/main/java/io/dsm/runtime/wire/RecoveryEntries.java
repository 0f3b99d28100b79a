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

    /** Writes a lock entry of a report; returns the position after it. */
    public static int putLockReport(final MutableDirectBuffer b, final int at, final long lockId, final boolean tokenHere,
        final boolean waiting, final long epoch, final long[] localWaiterIds)
    {
        b.putLong(at, lockId, LE);
        b.putByte(at + 8, (byte)((tokenHere ? 1 : 0) | (waiting ? 2 : 0)));
        b.putLong(at + 9, epoch, LE);
        b.putInt(at + 17, localWaiterIds.length, LE);
        int p = at + 21;
        for (final long id : localWaiterIds)
        {
            b.putLong(p, id, LE);
            p += 8;
        }
        return p;
    }

    /** One lock of a report. */
    @FunctionalInterface
    public interface LockReportVisitor
    {
        void lock(long lockId, boolean tokenHere, boolean waiting, long epoch, long[] localWaiterIds);
    }

    public static void forEachLockReport(final DirectBuffer b, final int offset, final int length, final LockReportVisitor v)
    {
        int p = offset;
        while (p < offset + length)
        {
            final int n = b.getInt(p + 17, LE);
            final long[] ids = new long[n];
            for (int i = 0; i < n; i++)
            {
                ids[i] = b.getLong(p + 21 + 8 * i, LE);
            }
            v.lock(b.getLong(p, LE), (b.getByte(p + 8) & 1) != 0, (b.getByte(p + 8) & 2) != 0, b.getLong(p + 9, LE), ids);
            p += 21 + 8 * n;
        }
    }

    /** Writes a lock entry of a plan; returns the position after it. */
    public static int putLockPlan(final MutableDirectBuffer b, final int at, final long lockId, final int holder,
        final boolean regenerated, final long epoch, final long waitingMask, final int[] setNodes, final long[] setIds)
    {
        b.putLong(at, lockId, LE);
        b.putByte(at + 8, (byte)holder);
        b.putByte(at + 9, (byte)(regenerated ? 1 : 0));
        b.putLong(at + 10, epoch, LE);
        b.putLong(at + 18, waitingMask, LE);
        b.putInt(at + 26, setNodes.length, LE);
        int p = at + 30;
        for (int i = 0; i < setNodes.length; i++)
        {
            b.putByte(p, (byte)setNodes[i]);
            b.putLong(p + 1, setIds[i], LE);
            p += 9;
        }
        return p;
    }

    /** One lock of a plan. */
    @FunctionalInterface
    public interface LockPlanVisitor
    {
        void lock(long lockId, int holder, boolean regenerated, long epoch, long waitingMask, int[] setNodes, long[] setIds);
    }

    public static void forEachLockPlan(final DirectBuffer b, final int offset, final int length, final LockPlanVisitor v)
    {
        int p = offset;
        while (p < offset + length)
        {
            final int n = b.getInt(p + 26, LE);
            final int[] nodes = new int[n];
            final long[] ids = new long[n];
            for (int i = 0; i < n; i++)
            {
                nodes[i] = b.getByte(p + 30 + 9 * i) & 0xFF;
                ids[i] = b.getLong(p + 31 + 9 * i, LE);
            }
            v.lock(b.getLong(p, LE), b.getByte(p + 8), b.getByte(p + 9) == 1, b.getLong(p + 10, LE), b.getLong(p + 18, LE),
                nodes, ids);
            p += 30 + 9 * n;
        }
    }

    static boolean isLockReport(final DirectBuffer b, final int offset, final int length)
    {
        int p = offset;
        final int end = offset + length;
        while (p < end)
        {
            if (p + 21 > end || !BlockIds.isValid(b.getLong(p, LE)) || (b.getByte(p + 8) & ~3) != 0 || b.getLong(p + 9, LE) < 0)
            {
                return false;
            }
            final int n = b.getInt(p + 17, LE);
            if (n < 0 || p + 21L + 8L * n > end)
            {
                return false;
            }
            p += 21 + 8 * n;
        }
        return true;
    }

    static boolean isLockPlan(final DirectBuffer b, final int offset, final int length, final long members)
    {
        int p = offset;
        final int end = offset + length;
        while (p < end)
        {
            if (p + 30 > end || !BlockIds.isValid(b.getLong(p, LE)))
            {
                return false;
            }
            final int holder = b.getByte(p + 8);
            if (holder < 0 || (members & (1L << holder)) == 0 || (b.getByte(p + 9) & ~1) != 0 || b.getLong(p + 10, LE) < 0 ||
                (b.getLong(p + 18, LE) & ~members) != 0)
            {
                return false;
            }
            final int n = b.getInt(p + 26, LE);
            if (n < 0 || p + 30L + 9L * n > end)
            {
                return false;
            }
            for (int i = 0; i < n; i++)
            {
                final int node = b.getByte(p + 30 + 9 * i) & 0xFF;
                if (node >= 64 || (members & (1L << node)) == 0)
                {
                    return false;
                }
            }
            p += 30 + 9 * n;
        }
        return true;
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
