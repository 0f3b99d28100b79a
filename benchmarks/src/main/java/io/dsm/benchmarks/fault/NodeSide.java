package io.dsm.benchmarks.fault;

import io.dsm.runtime.DsmNode;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.wire.MessageCounters;


/** One node's part in a fault scenario: a timed access to its replica of the cell, and its message counters. */
interface NodeSide
{
    /** Writes {@code value} into the cell ({@link ControlChannel#WRITE}) or reads it ({@link ControlChannel#READ}); returns the latency in ns. */
    long access(int op, long value);

    /** Whether the last access found its block not valid, i.e. really faulted. */
    boolean lastFaulted();

    /** Network messages this node has sent so far, by type (index i is {@link MessageCounters#TYPES}[i + 1]). */
    long[] sent();

    String name();

    /** Messages sent by a node, by type, in the layout of {@link #sent()}. */
    static long[] sentOf(final DsmNode node)
    {
        final long[] sent = new long[MessageCounters.TYPES.length - 1];
        for (int i = 0; i < sent.length; i++)
        {
            sent[i] = node.counters().sent(MessageCounters.TYPES[i + 1]);
        }
        return sent;
    }

    /** A node in this JVM: the access is made and timed by the calling thread. */
    final class Local implements NodeSide
    {
        private static final java.lang.invoke.VarHandle STATE_OFFSET = BlockState.stateHandle(FaultCell.class);

        private final DsmNode node;
        private final FaultCell cell;
        private boolean faulted;
        long sink;

        Local(final DsmNode node, final FaultCell cell)
        {
            this.node = node;
            this.cell = cell;
        }

        @Override
        public long access(final int op, final long value)
        {
            final int state = BlockState.stateVolatile(STATE_OFFSET, cell);
            final long start;
            final long end;
            if (op == ControlChannel.WRITE)
            {
                faulted = (state & BlockState.MODE_MASK) != BlockState.WRITE;
                start = System.nanoTime();
                cell.value = value;
                end = System.nanoTime();
            }
            else
            {
                faulted = (state & BlockState.NOT_READABLE) != 0;
                start = System.nanoTime();
                sink += cell.value;
                end = System.nanoTime();
            }
            return end - start;
        }

        @Override
        public boolean lastFaulted()
        {
            return faulted;
        }

        @Override
        public long[] sent()
        {
            return sentOf(node);
        }

        @Override
        public String name()
        {
            return "node " + node.id();
        }
    }

    /** A node in the peer JVM: the access is made and timed there, on command over the control channel. */
    final class Remote implements NodeSide
    {
        private static final long TIMEOUT_NS = 30_000_000_000L;

        private final ControlChannel channel;
        private final int nodeId;
        private boolean faulted;
        private long seq;

        Remote(final ControlChannel channel, final int nodeId)
        {
            this.channel = channel;
            this.nodeId = nodeId;
        }

        @Override
        public long access(final int op, final long value)
        {
            final long s = ++seq;
            channel.send(op, s, value, 0);
            channel.expect(ControlChannel.DONE, s, TIMEOUT_NS);
            faulted = channel.flag != 0;
            return channel.value;
        }

        @Override
        public boolean lastFaulted()
        {
            return faulted;
        }

        @Override
        public long[] sent()
        {
            final long s = ++seq;
            channel.send(ControlChannel.COUNTERS, s, 0, 0);
            channel.expect(ControlChannel.COUNTS, s, TIMEOUT_NS);
            final long[] sent = new long[MessageCounters.TYPES.length - 1];
            System.arraycopy(channel.counts, 0, sent, 0, Math.min(sent.length, channel.countLength));
            return sent;
        }

        @Override
        public String name()
        {
            return "node " + nodeId;
        }
    }
}
