package io.dsm.runtime.block;

import java.util.Arrays;

/**
 * The registry of every thread's {@link WriterSlot}: a thread gets its slot from a thread local
 * on its first write, and the revoker scans all of them. Registration publishes the new slot
 * with a volatile write, a full fence on the registering thread, so its first announced write
 * is ordered after a revocation that scanned the registry before it (that write then sees the
 * revoked state).
 */
public final class WriterSlots
{
    private static final ThreadLocal<WriterSlot> MINE = ThreadLocal.withInitial(WriterSlots::register);
    private static final Object LOCK = new Object();
    private static volatile WriterSlot[] slots = new WriterSlot[0];

    private WriterSlots()
    {
    }

    /** The calling thread's slot (a thread-local lookup: methods that write in loops hold it in a local instead). */
    public static WriterSlot mine()
    {
        return MINE.get();
    }

    /** Every registered slot (a snapshot). */
    static WriterSlot[] all()
    {
        return slots;
    }

    /** How many threads have a slot now (dead ones are dropped at the next registration). */
    public static int registered()
    {
        return slots.length;
    }

    private static WriterSlot register()
    {
        final WriterSlot slot = new WriterSlot(Thread.currentThread());
        synchronized (LOCK)
        {
            final WriterSlot[] old = slots;
            final WriterSlot[] next = new WriterSlot[old.length + 1];
            int n = 0;
            for (final WriterSlot s : old)
            {
                // a dead thread is never inside a section again: its flag was cleared on its last exit
                if (s.owner.isAlive())
                {
                    next[n++] = s;
                }
            }
            next[n++] = slot;
            slots = Arrays.copyOf(next, n); // volatile write: the fence that orders this thread's first section
        }
        return slot;
    }
}
