package io.dsm.benchmarks.fault;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;

/**
 * One publication and one subscription of raw Aeron, carrying small fixed-layout messages: the
 * raw ping-pong that a fault is compared with, and the commands that make a peer JVM take its
 * turn. Waiting uses the idle strategy the dsm nodes use, reset whenever a message arrives, the
 * way an Agrona {@code AgentRunner} drives the node's protocol agent.
 *
 * <pre>
 * offset 0 int op | 4 long seq | 12 long value | 20 int flag | 24 int count | 28 long[count] counts
 * </pre>
 * Every message is at least {@value #MIN_LENGTH} bytes, so a ping is the size of a small dsm message.
 * Public so that the lock benchmark ({@code io.dsm.benchmarks.locks}) runs the same raw ping-pong.
 */
public final class ControlChannel implements AutoCloseable, FragmentHandler
{
    public static final int PING = 1;
    public static final int PONG = 2;
    static final int WRITE = 3;
    static final int READ = 4;
    static final int DONE = 5;
    static final int COUNTERS = 6;
    static final int COUNTS = 7;
    static final int STOP = 8;
    static final int BYE = 9;

    static final int MIN_LENGTH = 64;
    private static final int HEADER = 28;
    private static final int MAX_COUNTS = 16;

    private final Publication publication;
    private final Subscription subscription;
    private final IdleStrategy idle;
    private final long sendTimeoutNs;
    private final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(HEADER + 8 * MAX_COUNTS));

    int op;
    long seq;
    long value;
    int flag;
    final long[] counts = new long[MAX_COUNTS];
    int countLength;
    private boolean received;

    public ControlChannel(
        final Aeron aeron, final String sendChannel, final int sendStream, final String receiveChannel, final int receiveStream,
        final IdleStrategy idle)
    {
        this.publication = aeron.addPublication(sendChannel, sendStream);
        this.subscription = aeron.addSubscription(receiveChannel, receiveStream);
        this.idle = idle;
        this.sendTimeoutNs = TimeUnit.SECONDS.toNanos(10);
    }

    /** Waits until the publication has a subscriber; false when the timeout passes first. */
    public boolean awaitConnected(final long timeoutNs)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        while (!publication.isConnected())
        {
            if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            sleepQuietly(1);
        }
        return true;
    }

    public void send(final int op, final long seq, final long value, final int flag)
    {
        send(op, seq, value, flag, null);
    }

    void send(final int op, final long seq, final long value, final int flag, final long[] counts)
    {
        final int n = counts == null ? 0 : Math.min(counts.length, MAX_COUNTS);
        out.putInt(0, op);
        out.putLong(4, seq);
        out.putLong(12, value);
        out.putInt(20, flag);
        out.putInt(24, n);
        for (int i = 0; i < n; i++)
        {
            out.putLong(HEADER + 8 * i, counts[i]);
        }
        final int length = Math.max(MIN_LENGTH, HEADER + 8 * n);
        final long deadline = System.nanoTime() + sendTimeoutNs;
        idle.reset();
        while (true)
        {
            final long result = publication.offer(out, 0, length);
            if (result > 0)
            {
                return;
            }
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED || System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("control channel: could not send op " + op + " (offer result " + result + ") on " +
                    publication.channel());
            }
            idle.idle();
        }
    }

    /** Polls once; true when a message arrived (its fields are in this object). */
    boolean pollOnce()
    {
        received = false;
        subscription.poll(this, 1);
        return received;
    }

    /** Waits for the next message with the idle strategy; false on timeout. */
    public boolean receive(final long timeoutNs)
    {
        received = false;
        idle.reset();
        long deadline = 0;
        while (true)
        {
            subscription.poll(this, 1);
            if (received)
            {
                return true;
            }
            if (deadline == 0)
            {
                deadline = System.nanoTime() + timeoutNs;
            }
            else if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            idle.idle();
        }
    }

    /** Waits for a message with op {@code expected} and sequence {@code expectedSeq}, else fails. */
    public void expect(final int expected, final long expectedSeq, final long timeoutNs)
    {
        if (!receive(timeoutNs))
        {
            throw new IllegalStateException("control channel: no answer (op " + expected + ", seq " + expectedSeq +
                ") within " + TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms from the peer on " + subscription.channel());
        }
        if (op != expected || seq != expectedSeq)
        {
            throw new IllegalStateException("control channel: expected op " + expected + " seq " + expectedSeq +
                " but got op " + op + " seq " + seq);
        }
    }

    /** The op of the last message received. */
    public int op()
    {
        return op;
    }

    /** The sequence number of the last message received. */
    public long seq()
    {
        return seq;
    }

    /** The value of the last message received. */
    public long value()
    {
        return value;
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        op = buffer.getInt(offset);
        seq = buffer.getLong(offset + 4);
        value = buffer.getLong(offset + 12);
        flag = buffer.getInt(offset + 20);
        countLength = Math.min(buffer.getInt(offset + 24), MAX_COUNTS);
        for (int i = 0; i < countLength; i++)
        {
            counts[i] = buffer.getLong(offset + HEADER + 8 * i);
        }
        received = true;
    }

    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(publication, subscription);
    }

    static void sleepQuietly(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
