package io.dsm.runtime.wire;

import java.nio.ByteOrder;
import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The {@code seen} field of an AccessRequest: for each node, the highest request number the
 * requester had received directly from that node when it sent the request. Entries of 9 bytes
 * (node as uint8, request number as int64, little-endian); a flyweight over the received frame,
 * valid only during the handler call that received it.
 */
public final class SeenRequests
{
    public static final int ENTRY_LENGTH = 9;

    private DirectBuffer buffer;
    private int offset;
    private int count;

    public SeenRequests wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.count = length / ENTRY_LENGTH;
        return this;
    }

    /** Whether {@code length} bytes are whole entries naming members only, with no negative number. */
    public static boolean isValid(final DirectBuffer buffer, final int offset, final int length, final long members)
    {
        if (length % ENTRY_LENGTH != 0 || length / ENTRY_LENGTH > Long.SIZE)
        {
            return false;
        }
        for (int p = offset; p < offset + length; p += ENTRY_LENGTH)
        {
            final int node = buffer.getByte(p) & 0xFF;
            if (node >= Long.SIZE || (members & (1L << node)) == 0 || buffer.getLong(p + 1, ByteOrder.LITTLE_ENDIAN) < 0)
            {
                return false;
            }
        }
        return true;
    }

    /** Copies the entries into {@code highestByNode} (indexed by node id, 0 where none). */
    public long[] copyTo(final long[] highestByNode)
    {
        Arrays.fill(highestByNode, 0L);
        for (int i = 0; i < count; i++)
        {
            final int p = offset + i * ENTRY_LENGTH;
            highestByNode[buffer.getByte(p) & 0xFF] = buffer.getLong(p + 1, ByteOrder.LITTLE_ENDIAN);
        }
        return highestByNode;
    }

    /** Encodes the non-zero entries of {@code highestByNode}; returns the length written. */
    public static int encode(final long[] highestByNode, final MutableDirectBuffer dst, final int offset)
    {
        int p = offset;
        for (int node = 0; node < highestByNode.length; node++)
        {
            if (highestByNode[node] != 0)
            {
                dst.putByte(p, (byte)node);
                dst.putLong(p + 1, highestByNode[node], ByteOrder.LITTLE_ENDIAN);
                p += ENTRY_LENGTH;
            }
        }
        return p - offset;
    }
}
