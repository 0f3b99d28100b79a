package io.dsm.runtime.transport;

import org.agrona.DirectBuffer;

/**
 * Carries encoded messages between nodes. The protocols never see what is underneath: Aeron
 * over UDP between JVMs, Aeron IPC between nodes in one JVM.
 */
public interface Transport extends AutoCloseable
{
    /**
     * Sends one message to a peer. Thread safe. Retries under back pressure and while the peer is
     * not yet connected, up to the transport's send timeout, then throws
     * {@link io.dsm.api.DsmException} naming the peer.
     */
    void send(int to, DirectBuffer buffer, int offset, int length);

    /** Delivers up to {@code limit} received fragments to the handler; returns the work count. */
    int poll(FrameHandler handler, int limit);

    /** True when a message sent to the peer now can be delivered. */
    boolean isConnected(int peer);

    /** The largest message {@link #send} accepts. */
    int maxMessageLength();

    @Override
    void close();
}
