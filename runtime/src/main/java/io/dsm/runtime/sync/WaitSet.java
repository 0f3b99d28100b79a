package io.dsm.runtime.sync;

import java.nio.ByteOrder;
import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The threads waiting on a monitor, cluster-wide: (node, waiter id) in arrival order. It travels
 * with the lock's token, so the holder is the one place where waits and notifies are ordered and no
 * notification can be lost or overtaken. On the wire: 9-byte entries (node uint8, id int64 LE).
 */
final class WaitSet
{
    static final int ENTRY_LENGTH = 9;

    private int[] nodes = new int[4];
    private long[] ids = new long[4];
    private int size;

    int size()
    {
        return size;
    }

    int node(final int i)
    {
        return nodes[i];
    }

    long id(final int i)
    {
        return ids[i];
    }

    void add(final int node, final long id)
    {
        if (size == ids.length)
        {
            nodes = Arrays.copyOf(nodes, size * 2);
            ids = Arrays.copyOf(ids, size * 2);
        }
        nodes[size] = node;
        ids[size] = id;
        size++;
    }

    /** Removes the entry; false if it was not there (it was notified). */
    boolean remove(final int node, final long id)
    {
        for (int i = 0; i < size; i++)
        {
            if (nodes[i] == node && ids[i] == id)
            {
                removeAt(i);
                return true;
            }
        }
        return false;
    }

    void removeAt(final int i)
    {
        System.arraycopy(nodes, i + 1, nodes, i, size - i - 1);
        System.arraycopy(ids, i + 1, ids, i, size - i - 1);
        size--;
    }

    void clear()
    {
        size = 0;
    }

    int encode(final MutableDirectBuffer buffer)
    {
        for (int i = 0; i < size; i++)
        {
            buffer.putByte(i * ENTRY_LENGTH, (byte)nodes[i]);
            buffer.putLong(i * ENTRY_LENGTH + 1, ids[i], ByteOrder.LITTLE_ENDIAN);
        }
        return size * ENTRY_LENGTH;
    }

    /** Replaces the entries with those of a received token (validated by the dispatcher). */
    void decode(final DirectBuffer buffer, final int offset, final int length)
    {
        clear();
        for (int p = offset; p < offset + length; p += ENTRY_LENGTH)
        {
            add(buffer.getByte(p) & 0xFF, buffer.getLong(p + 1, ByteOrder.LITTLE_ENDIAN));
        }
    }
}
