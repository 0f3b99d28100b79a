package io.dsm.runtime.node;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;

import io.dsm.runtime.layout.LayoutFile;

/**
 * Compares each peer's layout (carried by its heartbeats) with this node's. Nodes that split a
 * class differently would ship blocks the other cannot place, so a differing peer makes this
 * node's start fail with the first class that differs. Compares bytes without allocating; decodes
 * only a differing layout, once per peer.
 */
final class LayoutAgreement
{
    private final int self;
    private final LayoutFile layout;
    private final byte[] text;
    private final long checked;
    private volatile long agreed;
    private volatile String refusal;

    LayoutAgreement(final int self, final LayoutFile layout, final long members)
    {
        this.self = self;
        this.layout = layout;
        this.text = layout.text().getBytes(StandardCharsets.UTF_8);
        this.checked = members & ~(1L << self);
    }

    byte[] text()
    {
        return text;
    }

    /** On the agent thread, for each heartbeat. */
    void onPeerLayout(final int peer, final DirectBuffer buffer, final int offset, final int length)
    {
        final long bit = 1L << peer;
        if ((agreed & bit) != 0 || refusal != null)
        {
            return;
        }
        boolean same = length == text.length;
        for (int i = 0; same && i < length; i++)
        {
            same = buffer.getByte(offset + i) == text[i];
        }
        if (same)
        {
            agreed |= bit;
            return;
        }
        final String peerText = buffer.getStringWithoutLengthUtf8(offset, length);
        String difference;
        try
        {
            difference = layout.differenceFrom(peerText, "node " + peer);
        }
        catch (final RuntimeException ex)
        {
            difference = "node " + peer + " sent a layout this node cannot read (" + ex.getMessage() + ")";
        }
        refusal = "node " + self + " and node " + peer + " split shared classes into blocks differently: " +
            (difference != null ? difference : "their layout texts differ");
    }

    /** Whether every live peer's layout ({@code live}: the view's live members) was seen and is the same as this node's. */
    boolean agreedWithAll(final long live)
    {
        final long peers = checked & live;
        return (agreed & peers) == peers;
    }

    /** Why this node must not run with its peers, or null. */
    String refusal()
    {
        return refusal;
    }
}
