package io.dsm.benchmarks.messages;

import io.dsm.runtime.wire.MessageCounters;


/**
 * What a protocol's documented message diagram says one access costs: whether it faults, which
 * kind of fault it is, and the messages by type (a message a node sends to itself is not counted).
 */
final class Prediction
{
    static final int ACCESS_REQUEST = type("AccessRequest");
    static final int BLOCK_GRANT = type("BlockGrant");
    static final int INVALIDATE = type("Invalidate");
    static final int INVALIDATE_ACK = type("InvalidateAck");
    static final int CONFIRM = type("Confirm");
    static final int OWNER_IS = type("OwnerIs");
    static final int OWNER_CHANGED = type("OwnerChanged");
    static final int FIELD_WRITE = type("FieldWrite");
    static final int FIELD_WRITE_ACK = type("FieldWriteAck");

    /** Kinds of access, in table order. */
    static final String READ = "read";
    static final String WRITE = "write";
    static final String UPGRADE = "upgrade";
    static final String WRITE_NO_COPY = "write+read";
    static final String NO_FAULT = "no fault";

    final boolean write;
    boolean fault;
    String kind = NO_FAULT;
    /** Copies invalidated by this fault (holders other than requester and owner); -1 where the protocol has none. */
    int c = -1;
    /** Which roles coincide ("" when requester, manager and owner are distinct). */
    String roles = "";
    final long[] expected = new long[MessageCounters.TYPES.length];
    /** Li and Hudak's count for the same fault and roles; -1 where they give none. */
    long lh = -1;
    /** AccessRequests the fault sends (the chain length under the dynamic manager); -1 where not reported. */
    long hops = -1;

    Prediction(final boolean write)
    {
        this.write = write;
    }

    /** One message from {@code from} to {@code to}; a message to oneself is no network message. */
    void msg(final int from, final int to, final int type)
    {
        if (from != to)
        {
            expected[type]++;
        }
    }

    long total()
    {
        long sum = 0;
        for (final long e : expected)
        {
            sum += e;
        }
        return sum;
    }

    Prediction fault(final String kind)
    {
        this.fault = true;
        this.kind = kind;
        return this;
    }

    static String roles(final int requester, final int manager, final int owner)
    {
        final StringBuilder sb = new StringBuilder();
        if (manager >= 0 && requester == manager)
        {
            sb.append("R=M");
        }
        if (manager >= 0 && owner == manager && requester != owner)
        {
            sb.append(sb.length() == 0 ? "" : ",").append("M=O");
        }
        return sb.toString();
    }

    static int type(final String name)
    {
        for (int i = 1; i < MessageCounters.TYPES.length; i++)
        {
            if (MessageCounters.TYPES[i].equals(name))
            {
                return i;
            }
        }
        throw new IllegalStateException("message type " + name + " is not in MessageCounters.TYPES");
    }

    static String breakdown(final long[] byType, final double divisor)
    {
        final StringBuilder sb = new StringBuilder();
        for (int t = 1; t < byType.length; t++)
        {
            if (byType[t] != 0)
            {
                sb.append(sb.length() == 0 ? "" : " ").append(MessageCounters.TYPES[t]).append('=')
                    .append(Report.fmt(byType[t] / divisor));
            }
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }
}
