package io.dsm.runtime.transport;

import org.agrona.DirectBuffer;

/** Receives whole frames (reassembled messages) from a {@link Transport}. */
@FunctionalInterface
public interface FrameHandler
{
    void onFrame(DirectBuffer buffer, int offset, int length);
}
