package io.dsm.runtime.transport;

import org.agrona.DirectBuffer;

/**
 * Carries encoded messages between nodes. The protocols never see what is underneath: Aeron
 * over UDP between JVMs, Aeron IPC between nodes in one JVM.
 */
public interface Transport extends AutoCloseable
{
    /**
     * Sends one message to a peer. Thread safe. On the protocol agent's thread it never waits: a
     * message the peer cannot take now (back pressure, not connected) is queued and sent, in order,
     * by later polls. Other threads retry up to the transport's send timeout, then get a
     * {@link io.dsm.api.DsmException} naming the peer. A message to a peer declared dead is dropped.
     */
    void send(int to, DirectBuffer buffer, int offset, int length);

    /**
     * One attempt to send, even to a peer declared dead, never waiting: for telling a process that
     * uses a dead node's id that it is not a member. False if the message did not go.
     */
    boolean offerOnce(int to, DirectBuffer buffer, int offset, int length);

    /** The thread that polls; its sends never wait (see {@link #send}). */
    void agentThread(Thread thread);

    /** From now on messages to {@code peer} are dropped, and those queued for it discarded. */
    void declareDead(int peer);

    /** False once {@link #declareDead} was called for the peer. */
    boolean isAlive(int peer);

    /** Delivers up to {@code limit} received fragments to the handler; returns the work count. */
    int poll(FrameHandler handler, int limit);

    /** True when a message sent to the peer now can be delivered. */
    boolean isConnected(int peer);

    /** The largest message {@link #send} accepts. */
    int maxMessageLength();

    @Override
    void close();
}
