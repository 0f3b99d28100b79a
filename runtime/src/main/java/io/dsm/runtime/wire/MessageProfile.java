package io.dsm.runtime.wire;

/** Where a profiling node counts the block messages it sends to and receives from peers. */
public interface MessageProfile
{
    /** A block message of {@code bytes} bytes about {@code blockId} went to ({@code sent}) or came from a peer. */
    void onBlockMessage(long blockId, int bytes, boolean sent);
}
