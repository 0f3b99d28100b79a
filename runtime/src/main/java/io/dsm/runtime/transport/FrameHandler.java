package io.dsm.runtime.transport;

import org.agrona.DirectBuffer;

/** Receives whole frames (reassembled messages) from a {@link Transport}. */
@FunctionalInterface
public interface FrameHandler
{
    /**
     * Handles a frame; false means not yet: the transport delivers the same frame again on a later
     * poll, before any later frame from the same sender (frames from other senders go on).
     */
    boolean onFrame(DirectBuffer buffer, int offset, int length);
}
