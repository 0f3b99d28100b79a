package io.dsm.runtime.protocol;

import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;

import io.dsm.runtime.transport.FrameHandler;
import io.dsm.runtime.transport.Transport;

/** A transport that delivers nothing and keeps every frame sent, so a test decides when (and whether) it arrives. */
public final class RecordingTransport implements Transport
{
    private final List<Frame> sent = new ArrayList<>();

    @Override
    public void send(final int to, final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        sent.add(new Frame(to, bytes));
    }

    /** The frames sent since the last call, oldest first. */
    public List<Frame> take()
    {
        final List<Frame> frames = List.copyOf(sent);
        sent.clear();
        return frames;
    }

    @Override
    public int poll(final FrameHandler handler, final int limit)
    {
        return 0;
    }

    @Override
    public boolean isConnected(final int peer)
    {
        return true;
    }

    @Override
    public boolean offerOnce(final int to, final DirectBuffer buffer, final int offset, final int length)
    {
        send(to, buffer, offset, length);
        return true;
    }

    @Override
    public void agentThread(final Thread thread)
    {
    }

    private long dead;

    @Override
    public void declareDead(final int peer)
    {
        dead |= 1L << peer;
    }

    @Override
    public boolean isAlive(final int peer)
    {
        return (dead & (1L << peer)) == 0;
    }

    @Override
    public int maxMessageLength()
    {
        return 1 << 16;
    }

    @Override
    public void close()
    {
    }
}
