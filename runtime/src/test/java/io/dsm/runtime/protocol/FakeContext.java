package io.dsm.runtime.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.function.Function;

import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import io.dsm.api.Protocol;
import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.Completion;
import io.dsm.runtime.config.NodeConfig;
import io.dsm.runtime.wire.MessageCounters;
import io.dsm.runtime.wire.Outbox;
import io.dsm.runtime.wire.PayloadCodec;

/**
 * One node of a protocol test, without threads or network: a real configuration, codec, value
 * writes and outbox, over an in-memory block directory and a transport that only records. The
 * test thread plays both the application threads and the protocol agent, so every interleaving
 * is the one the test writes down.
 */
final class FakeContext implements ProtocolContext
{
    private final NodeConfig config;
    private final InMemoryBlocks blocks;
    private final PayloadCodec payloads;
    private final ValueWrites valueWrites;
    private final RecordingTransport transport = new RecordingTransport();
    private final ManyToOneConcurrentArrayQueue<byte[]> localQueue = new ManyToOneConcurrentArrayQueue<>(64);
    private final Outbox outbox;
    private final CoherenceProtocol protocol;

    /** Node {@code self} of nodes 0 to {@code nodes - 1}, served by the protocol {@code create} builds. */
    FakeContext(final int self, final int nodes, final Protocol kind,
        final Function<ProtocolContext, CoherenceProtocol> create)
    {
        final StringJoiner members = new StringJoiner(",");
        for (int n = 0; n < nodes; n++)
        {
            members.add(n + "@127.0.0.1:" + (40100 + n));
        }
        final Properties p = new Properties();
        p.setProperty(NodeConfig.NODES, members.toString());
        p.setProperty(NodeConfig.NODE_ID, Integer.toString(self));
        p.setProperty(NodeConfig.PROTOCOL, kind.configName());
        config = NodeConfig.of(p);
        blocks = new InMemoryBlocks(self);
        payloads = new PayloadCodec(blocks);
        valueWrites = new ValueWrites(self, config.faultTimeoutMs(), config.managerNode());
        outbox = new Outbox(self, transport, localQueue, new MessageCounters(), payloads);
        protocol = create.apply(this);
        assertEquals(kind, protocol.kind(), "the protocol under test");
        blocks.servedBy(protocol);
    }

    CoherenceProtocol protocol()
    {
        return protocol;
    }

    /** Shares {@code o} from this node, which owns it. */
    BlockMeta publish(final Object o)
    {
        return blocks.publish(o);
    }

    /** This node's replica of the block, INVALID when new here (as a peer's root lookup leaves it). */
    BlockMeta replica(final long blockId, final Class<?> type)
    {
        return blocks.replicaMeta(blockId, type.getName());
    }

    /**
     * An application thread faults on the block ({@code node.Faults}: start the fault, ask the
     * protocol), and the agent handles the request the protocol queued for this node. Returns the
     * fault, completed when the access is granted.
     */
    Completion fault(final BlockMeta meta, final int access)
    {
        final Completion fault = meta.joinOrStartFault(access);
        assertNotNull(fault, "no fault: " + meta.describe() + " allows the access already");
        protocol.requestAccess(meta, access);
        final byte[] request = localQueue.poll();
        assertNotNull(request, "the protocol queued no request for its agent");
        new Frame(config.nodeId(), request).deliverTo(protocol);
        assertEquals(0, localQueue.size(), "more than one local message");
        return fault;
    }

    /** The messages this node sent to peers since the last call, oldest first. */
    List<Frame> takeSent()
    {
        return transport.take();
    }

    /** The one message this node sent since the last call. */
    Frame takeOnlySent()
    {
        final List<Frame> sent = takeSent();
        assertEquals(1, sent.size(), () -> "node " + config.nodeId() + " sent " + sent);
        return sent.get(0);
    }

    @Override
    public NodeConfig config()
    {
        return config;
    }

    @Override
    public BlockDirectory blocks()
    {
        return blocks;
    }

    @Override
    public PayloadCodec payloads()
    {
        return payloads;
    }

    @Override
    public ValueWrites valueWrites()
    {
        return valueWrites;
    }

    @Override
    public Outbox outbox()
    {
        return outbox;
    }

    private final io.dsm.runtime.membership.View view = new io.dsm.runtime.membership.View(-1L >>> 1);

    @Override
    public io.dsm.runtime.membership.View view()
    {
        return view;
    }
}
