package io.dsm.it;

import java.nio.ByteOrder;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.dsm.api.Protocol;
import io.dsm.it.model.Counter;
import io.dsm.it.model.InitGate;
import io.dsm.runtime.wire.codec.Access;
import io.dsm.runtime.wire.codec.BlockGrantEncoder;
import io.dsm.runtime.wire.codec.MessageHeaderEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.dsm.runtime.DsmCluster;
import io.dsm.runtime.DsmNode;
import io.dsm.runtime.config.NodeConfig;
import io.dsm.runtime.wire.MessageCounters.DropReason;

/**
 * A node receives an object of a class whose static initialiser an application thread is running,
 * and that initialiser waits for the DSM (as one binding a static root does). Creating the replica
 * on the protocol thread would wait for the initialiser, which waits for the protocol thread:
 * a relay JVM under full-replication hung so in CI (the sequencer received the board's copy while
 * its main thread was in {@code Board.<clinit>}). The frame must wait, not the thread: the node
 * keeps serving, and installs the object once the class is ready.
 */
@Timeout(120)
class ClassInitialisationOffTheProtocolThreadTest
{
    private static final String SLOW = "io.dsm.it.model.SlowToInitialise";

    @Test
    void aFrameWaitsForItsClassWhileTheNodeKeepsServing() throws Exception
    {
        final Properties p = new Properties();
        p.setProperty(NodeConfig.PROTOCOL, Protocol.FULL_REPLICATION.configName());
        p.setProperty(NodeConfig.FAULT_TIMEOUT_MS, "5000");
        try (DsmCluster cluster = DsmCluster.start(2, p))
        {
            final DsmNode n1 = cluster.node(1);
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final Thread initialiser = new Thread(() -> run(failure, () ->
                Class.forName(SLOW, true, ClassInitialisationOffTheProtocolThreadTest.class.getClassLoader())),
                "application thread initialising " + SLOW);
            initialiser.start();
            assertTrue(InitGate.STARTED.await(20, TimeUnit.SECONDS), "the static initialiser started");

            final long grants = n1.counters().received("BlockGrant");
            final int blocks = n1.blockCount();
            final Thread sender = new Thread(() -> run(failure, () -> Replicas.inject(n1, grantOfSlowObject())),
                "node 0's grant of a " + SLOW);
            try
            {
                sender.start();
                awaitSomeThreadWaitingForTheClass();
                // node 1 serves on: this root lookup needs its protocol thread
                final Counter c1 = n1.root("served while the grant waits", Counter::new);
                c1.value = 3;
                assertEquals(3, cluster.node(0).root("served while the grant waits", Counter::new).value);
                assertTrue(sender.isAlive(), "the grant was handled before its class was initialised");
                assertEquals(grants, n1.counters().received("BlockGrant"));
            }
            finally
            {
                InitGate.RELEASE.countDown();
            }
            initialiser.join(20_000);
            sender.join(20_000);
            assertFalse(sender.isAlive(), "the grant was never handled after its class was initialised");
            assertNull(failure.get());
            assertEquals(grants + 1, n1.counters().received("BlockGrant"), "the grant was handled once");
            assertEquals(0, n1.counters().dropped(DropReason.HANDLER_ERROR));
            assertEquals(blocks + 2, n1.blockCount(), "node 1 holds the granted object and the root it looked up");
        }
    }

    /**
     * Node 1 has taken up the grant: some thread waits for the class to be initialised (the
     * protocol thread creating the replica, or a helper initialising it for the protocol thread).
     */
    private static void awaitSomeThreadWaitingForTheClass() throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline)
        {
            for (final StackTraceElement[] stack : Thread.getAllStackTraces().values())
            {
                for (final StackTraceElement e : stack)
                {
                    // a thread is running the class's static initialiser (the node's helper, through Class.forName)
                    if (e.getMethodName().equals("allocateInstance") ||
                        (e.getMethodName().equals("<clinit>") && e.getClassName().endsWith("SlowToInitialise")))
                    {
                        return;
                    }
                }
            }
            Thread.sleep(1);
        }
        throw new AssertionError("no thread of node 1 took up the grant within 20 s");
    }

    /** Node 0 grants node 1 a copy of a SlowToInitialise object (block 0:424242) with value 7. */
    private static byte[] grantOfSlowObject()
    {
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[256]);
        final byte[] payload = new byte[4];
        new UnsafeBuffer(payload).putInt(0, 7, ByteOrder.LITTLE_ENDIAN);
        final BlockGrantEncoder grant = new BlockGrantEncoder();
        grant.wrapAndApplyHeader(buf, 0, new MessageHeaderEncoder()).sender(0).blockId(1L << 48 | 424242)
            .access(Access.READ).withData((short)1).protocol((short)Protocol.FULL_REPLICATION.ordinal()).copyset(0)
            .ownershipChanges(0).className(SLOW).putPayload(payload, 0, payload.length);
        final byte[] frame = new byte[MessageHeaderEncoder.ENCODED_LENGTH + grant.encodedLength()];
        buf.getBytes(0, frame);
        return frame;
    }

    private interface Body
    {
        void run() throws Exception;
    }

    private static void run(final AtomicReference<Throwable> failure, final Body body)
    {
        try
        {
            body.run();
        }
        catch (final Throwable t)
        {
            failure.compareAndSet(null, t);
        }
    }
}
