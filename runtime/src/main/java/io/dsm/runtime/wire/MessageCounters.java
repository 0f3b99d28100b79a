package io.dsm.runtime.wire;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Counts messages per type sent and received by one node, and the frames it dropped. */
public final class MessageCounters
{
    /** Message type labels by SBE template id (from {@link MessageType}; unused ids are empty). */
    public static final String[] TYPES = MessageType.labelsByTemplate();

    private final AtomicLongArray sent = new AtomicLongArray(TYPES.length);
    private final AtomicLongArray received = new AtomicLongArray(TYPES.length);
    private final AtomicLongArray dropped = new AtomicLongArray(DropReason.values().length);
    private final AtomicLong heldPolls = new AtomicLong();
    private final AtomicLong notSentToDead = new AtomicLong();
    private final AtomicLong notSentInRecovery = new AtomicLong();

    /** Why an inbound frame was dropped without being acted on. */
    public enum DropReason
    {
        TRUNCATED, WRONG_SCHEMA, WRONG_VERSION, UNKNOWN_TEMPLATE, BAD_LENGTH, UNKNOWN_SENDER, BAD_FIELD, HANDLER_ERROR,
        /** From a node this node has declared dead (or a new process with its id). */
        FROM_DEAD_NODE,
        /** A block message sent before a recovery round that the round makes moot (its fault is asked again). */
        MOOT_IN_RECOVERY
    }

    public void onSent(final int templateId)
    {
        sent.incrementAndGet(templateId);
    }

    public void onReceived(final int templateId)
    {
        received.incrementAndGet(templateId);
    }

    public void onDropped(final DropReason reason)
    {
        dropped.incrementAndGet(reason.ordinal());
    }

    /** A frame went back to wait because its block was held for a local access (counted per attempt). */
    public void onHeld()
    {
        heldPolls.incrementAndGet();
    }

    /** Times a frame went back to wait for a block held for a local access (each attempt counts). */
    public long heldPolls()
    {
        return heldPolls.get();
    }

    /** A message to a node declared dead was not sent. */
    public void onNotSentToDead()
    {
        notSentToDead.incrementAndGet();
    }

    /** A block message was not sent because a recovery round was running (the round rebuilds what it would say). */
    public void onNotSentInRecovery()
    {
        notSentInRecovery.incrementAndGet();
    }

    public long notSentToDead()
    {
        return notSentToDead.get();
    }

    public long notSentInRecovery()
    {
        return notSentInRecovery.get();
    }

    public long sent(final String type)
    {
        return sent.get(index(type));
    }

    public long received(final String type)
    {
        return received.get(index(type));
    }

    /** Messages of every type sent so far, indexed like {@link #TYPES}. */
    public long[] sentSnapshot()
    {
        final long[] snapshot = new long[TYPES.length];
        for (int i = 1; i < TYPES.length; i++)
        {
            snapshot[i] = sent.get(i);
        }
        return snapshot;
    }

    public long totalSent()
    {
        long n = 0;
        for (int i = 1; i < TYPES.length; i++)
        {
            n += sent.get(i);
        }
        return n;
    }

    public long dropped(final DropReason reason)
    {
        return dropped.get(reason.ordinal());
    }

    public long totalDropped()
    {
        long n = 0;
        for (final DropReason r : DropReason.values())
        {
            n += dropped.get(r.ordinal());
        }
        return n;
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("sent{");
        for (int i = 1; i < TYPES.length; i++)
        {
            if (sent.get(i) != 0) sb.append(TYPES[i]).append('=').append(sent.get(i)).append(' ');
        }
        sb.append("} received{");
        for (int i = 1; i < TYPES.length; i++)
        {
            if (received.get(i) != 0) sb.append(TYPES[i]).append('=').append(received.get(i)).append(' ');
        }
        sb.append("} dropped{");
        for (final DropReason r : DropReason.values())
        {
            if (dropped(r) != 0) sb.append(r).append('=').append(dropped(r)).append(' ');
        }
        sb.append('}');
        if (notSentToDead.get() != 0 || notSentInRecovery.get() != 0)
        {
            sb.append(" notSent{toDead=").append(notSentToDead.get()).append(" inRecovery=").append(notSentInRecovery.get()).append('}');
        }
        return sb.toString();
    }

    private static int index(final String type)
    {
        for (int i = 1; i < TYPES.length; i++)
        {
            if (!TYPES[i].isEmpty() && TYPES[i].equals(type))
            {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown message type " + type + "; known: " + String.join(", ", TYPES).substring(2));
    }
}
