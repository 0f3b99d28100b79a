package io.dsm.it;

import java.nio.ByteOrder;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.dsm.it.model.Counter;
import io.dsm.runtime.transport.AeronTransport;
import io.dsm.runtime.wire.codec.AccessRequestEncoder;
import io.dsm.runtime.wire.codec.BlockGrantEncoder;
import io.dsm.runtime.wire.codec.MessageHeaderEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.dsm.runtime.DsmCluster;
import io.dsm.runtime.DsmNode;
import io.dsm.runtime.wire.MessageCounters.DropReason;

/** Garbage in the receive path is dropped and counted; the node keeps serving. */
@Timeout(120)
class MalformedInputTest
{
    @Test
    void garbageFramesAreDroppedAndCountedAndTheNodeKeepsServing() throws Exception
    {
        try (DsmCluster cluster = DsmCluster.start(2))
        {
            final DsmNode n1 = cluster.node(1);
            final Counter c0 = cluster.node(0).root("c", Counter::new);
            final Counter c1 = cluster.node(1).root("c", Counter::new);
            c0.value = 1;
            assertEquals(1, c1.value);

            final UnsafeBuffer buf = new UnsafeBuffer(new byte[256]);
            // truncated: shorter than a header
            n1.injectFrame(buf, 0, 3);
            assertEquals(1, n1.counters().dropped(DropReason.TRUNCATED));
            // wrong schema id
            final MessageHeaderEncoder header = new MessageHeaderEncoder();
            header.wrap(buf, 0).blockLength(AccessRequestEncoder.BLOCK_LENGTH).templateId(1).schemaId(999).version(1);
            n1.injectFrame(buf, 0, 8 + AccessRequestEncoder.BLOCK_LENGTH);
            assertEquals(1, n1.counters().dropped(DropReason.WRONG_SCHEMA));
            // unknown template
            final AccessRequestEncoder req = new AccessRequestEncoder();
            req.wrapAndApplyHeader(buf, 0, header).sender(0).requester(0).blockId(1L << 48 | 1);
            header.templateId(77);
            n1.injectFrame(buf, 0, 8 + AccessRequestEncoder.BLOCK_LENGTH);
            assertEquals(1, n1.counters().dropped(DropReason.UNKNOWN_TEMPLATE));
            // valid header, truncated body
            req.wrapAndApplyHeader(buf, 0, header).sender(0).requester(0).blockId(1L << 48 | 1);
            n1.injectFrame(buf, 0, 8 + 4);
            assertEquals(1, n1.counters().dropped(DropReason.BAD_LENGTH));
            // sender that is not a member
            req.wrapAndApplyHeader(buf, 0, header).sender(9).requester(0).blockId(1L << 48 | 1).protocol((short)5)
                .putSeen(new byte[0], 0, 0);
            n1.injectFrame(buf, 0, 8 + req.encodedLength());
            assertEquals(1, n1.counters().dropped(DropReason.UNKNOWN_SENDER));
            // variable-length field claiming more bytes than the frame has
            final BlockGrantEncoder grant = new BlockGrantEncoder();
            grant.wrapAndApplyHeader(buf, 0, header).sender(0).blockId(1L << 48 | 1).withData((short)1);
            final int varAt = 8 + BlockGrantEncoder.BLOCK_LENGTH;
            buf.putInt(varAt, 1_000_000, ByteOrder.LITTLE_ENDIAN);
            n1.injectFrame(buf, 0, varAt + 8);
            assertEquals(2, n1.counters().dropped(DropReason.BAD_LENGTH));
            // a well-formed grant whose payload is garbage: the handler fails, is counted, nothing crashes
            final short protocol = (short)io.dsm.api.Protocol.IVY_FORWARDING_MANAGER.ordinal();
            grant.wrapAndApplyHeader(buf, 0, header).sender(0).blockId(1L << 48 | 424242)
                .access(io.dsm.runtime.wire.codec.Access.READ).withData((short)1).protocol(protocol).copyset(0).ownershipChanges(0)
                .className(Counter.class.getName()).putPayload(new byte[] {9, 9, 9}, 0, 3);
            n1.injectFrame(buf, 0, 8 + grant.encodedLength());
            assertEquals(1, n1.counters().dropped(DropReason.HANDLER_ERROR));
            // the same grant naming no protocol (0 is DEFAULT, never on the wire)
            grant.wrapAndApplyHeader(buf, 0, header).sender(0).blockId(1L << 48 | 424242)
                .access(io.dsm.runtime.wire.codec.Access.READ).withData((short)1).protocol((short)0).copyset(0).ownershipChanges(0)
                .className(Counter.class.getName()).putPayload(new byte[] {9, 9, 9}, 0, 3);
            n1.injectFrame(buf, 0, 8 + grant.encodedLength());
            assertEquals(1, n1.counters().dropped(DropReason.BAD_FIELD));
            // a request whose seen list names a node that is not a member (entries: uint8 node, int64 number)
            final byte[] seen = new byte[9];
            seen[0] = 9;
            seen[1] = 1;
            req.wrapAndApplyHeader(buf, 0, header).sender(0).requester(0).blockId(1L << 48 | 1)
                .access(io.dsm.runtime.wire.codec.Access.WRITE).forwarded((short)0)
                .protocol((short)io.dsm.api.Protocol.IVY_BROADCAST.ordinal()).requestId(1).putSeen(seen, 0, seen.length);
            n1.injectFrame(buf, 0, 8 + req.encodedLength());
            assertEquals(2, n1.counters().dropped(DropReason.BAD_FIELD));
            // ... and one whose seen list is not whole entries
            req.wrapAndApplyHeader(buf, 0, header).sender(0).requester(0).blockId(1L << 48 | 1)
                .access(io.dsm.runtime.wire.codec.Access.WRITE).forwarded((short)0)
                .protocol((short)io.dsm.api.Protocol.IVY_BROADCAST.ordinal()).requestId(1).putSeen(seen, 0, 5);
            n1.injectFrame(buf, 0, 8 + req.encodedLength());
            assertEquals(3, n1.counters().dropped(DropReason.BAD_FIELD));

            // random garbage through the real Aeron receive path
            final Random random = new Random(42);
            final long droppedBefore = n1.counters().totalDropped();
            try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(cluster.aeronDirectory()));
                Publication pub = aeron.addPublication("aeron:ipc?term-length=1048576", AeronTransport.IPC_STREAM_BASE + 1))
            {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!pub.isConnected() && System.nanoTime() < deadline)
                {
                    Thread.sleep(1);
                }
                for (int i = 0; i < 200; i++)
                {
                    final int len = 1 + random.nextInt(200);
                    final byte[] junk = new byte[len];
                    random.nextBytes(junk);
                    while (pub.offer(new UnsafeBuffer(junk)) < 0 && System.nanoTime() < deadline)
                    {
                        Thread.yield();
                    }
                }
                while (n1.counters().totalDropped() - droppedBefore < 200 && System.nanoTime() < deadline)
                {
                    Thread.sleep(1);
                }
            }
            assertEquals(200, n1.counters().totalDropped() - droppedBefore, n1.counters().toString());

            // and the node still serves: ownership moves both ways
            c1.value = 5;
            assertEquals(5, c0.value);
            c0.value = 6;
            assertEquals(6, c1.value);
            assertTrue(n1.errorCount() >= 1);
        }
    }
}
