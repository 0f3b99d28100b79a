package io.dsm.runtime.protocol;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.agrona.concurrent.UnsafeBuffer;

import io.dsm.runtime.block.AccessKind;
import io.dsm.runtime.block.BlockIds;
import io.dsm.runtime.wire.SeenRequests;
import io.dsm.runtime.wire.codec.AccessRequestDecoder;
import io.dsm.runtime.wire.codec.BlockGrantDecoder;
import io.dsm.runtime.wire.codec.InvalidateAckDecoder;
import io.dsm.runtime.wire.codec.InvalidateDecoder;
import io.dsm.runtime.wire.codec.MessageHeaderDecoder;

/**
 * One message a node sent, exactly as it went on the wire, read back with the generated SBE
 * decoders. {@link #deliverTo} hands it to a protocol as the dispatcher would, so a test moves
 * messages between nodes in the order it chooses.
 */
public record Frame(int to, byte[] bytes)
{
    /** The one frame of {@code frames} sent to {@code node}. */
    static Frame sentTo(final int node, final List<Frame> frames)
    {
        final List<Frame> to = frames.stream().filter(f -> f.to == node).toList();
        if (to.size() != 1)
        {
            throw new AssertionError("expected one frame to node " + node + " in " + frames);
        }
        return to.get(0);
    }

    int templateId()
    {
        return new MessageHeaderDecoder().wrap(new UnsafeBuffer(bytes), 0).templateId();
    }

    AccessRequestDecoder accessRequest()
    {
        return new AccessRequestDecoder().wrapAndApplyHeader(new UnsafeBuffer(bytes), 0, new MessageHeaderDecoder());
    }

    BlockGrantDecoder blockGrant()
    {
        return new BlockGrantDecoder().wrapAndApplyHeader(new UnsafeBuffer(bytes), 0, new MessageHeaderDecoder());
    }

    InvalidateDecoder invalidate()
    {
        return new InvalidateDecoder().wrapAndApplyHeader(new UnsafeBuffer(bytes), 0, new MessageHeaderDecoder());
    }

    InvalidateAckDecoder invalidateAck()
    {
        return new InvalidateAckDecoder().wrapAndApplyHeader(new UnsafeBuffer(bytes), 0, new MessageHeaderDecoder());
    }

    /** An AccessRequest's seen list: node -> highest request number the requester had received from it. */
    Map<Integer, Long> seen()
    {
        final long[] byNode = seenRequests(accessRequest()).copyTo(new long[Long.SIZE]);
        final Map<Integer, Long> seen = new TreeMap<>();
        for (int node = 0; node < byNode.length; node++)
        {
            if (byNode[node] != 0)
            {
                seen.put(node, byNode[node]);
            }
        }
        return seen;
    }

    /** Hands the message to {@code protocol}, decoded as the node's dispatcher decodes it. */
    void deliverTo(final CoherenceProtocol protocol)
    {
        switch (templateId())
        {
            case AccessRequestDecoder.TEMPLATE_ID ->
            {
                final AccessRequestDecoder m = accessRequest();
                check(protocol, m.protocol());
                protocol.onAccessRequest(m.sender(), m.requester(), m.blockId(), m.accessRaw(), m.forwarded() == 1,
                    m.requestId(), seenRequests(m));
            }
            case BlockGrantDecoder.TEMPLATE_ID ->
            {
                final BlockGrantDecoder m = blockGrant();
                check(protocol, m.protocol());
                final String className = m.className();
                final UnsafeBuffer payload = new UnsafeBuffer(new byte[0]);
                m.wrapPayload(payload);
                protocol.onBlockGrant(m.sender(), m.blockId(), m.accessRaw(), m.withData() == 1, m.copyset(),
                    m.ownershipChanges(), className, payload, 0, payload.capacity());
            }
            case InvalidateDecoder.TEMPLATE_ID ->
            {
                final InvalidateDecoder m = invalidate();
                check(protocol, m.protocol());
                protocol.onInvalidate(m.sender(), m.blockId());
            }
            case InvalidateAckDecoder.TEMPLATE_ID ->
            {
                final InvalidateAckDecoder m = invalidateAck();
                check(protocol, m.protocol());
                protocol.onInvalidateAck(m.sender(), m.blockId());
            }
            default -> throw new UnsupportedOperationException("no delivery of " + this + " in protocol tests yet");
        }
    }

    private static SeenRequests seenRequests(final AccessRequestDecoder m)
    {
        final UnsafeBuffer seen = new UnsafeBuffer(new byte[0]);
        m.wrapSeen(seen);
        return new SeenRequests().wrap(seen, 0, seen.capacity());
    }

    private void check(final CoherenceProtocol protocol, final short wireId)
    {
        if (wireId != protocol.kind().ordinal())
        {
            throw new IllegalArgumentException(this + " is for protocol " + wireId + ", not " + protocol.kind());
        }
    }

    @Override
    public String toString()
    {
        switch (templateId())
        {
            case AccessRequestDecoder.TEMPLATE_ID ->
            {
                final AccessRequestDecoder m = accessRequest();
                return "AccessRequest " + m.sender() + "->" + to + " (requester " + m.requester() + ", " +
                    BlockIds.format(m.blockId()) + ", " + AccessKind.name(m.accessRaw()) +
                    (m.forwarded() == 1 ? ", forwarded" : "") + ", request " + m.requestId() + ", seen " + seen() + ")";
            }
            case BlockGrantDecoder.TEMPLATE_ID ->
            {
                final BlockGrantDecoder m = blockGrant();
                return "BlockGrant " + m.sender() + "->" + to + " (" + BlockIds.format(m.blockId()) + ", " +
                    AccessKind.name(m.accessRaw()) + (m.withData() == 1 ? ", data" : "") + ", copyset " +
                    Long.toBinaryString(m.copyset()) + ")";
            }
            case InvalidateDecoder.TEMPLATE_ID ->
            {
                final InvalidateDecoder m = invalidate();
                return "Invalidate " + m.sender() + "->" + to + " (" + BlockIds.format(m.blockId()) + ")";
            }
            case InvalidateAckDecoder.TEMPLATE_ID ->
            {
                final InvalidateAckDecoder m = invalidateAck();
                return "InvalidateAck " + m.sender() + "->" + to + " (" + BlockIds.format(m.blockId()) + ")";
            }
            default ->
            {
                return "message " + templateId() + " to " + to + " (" + bytes.length + " bytes)";
            }
        }
    }
}
