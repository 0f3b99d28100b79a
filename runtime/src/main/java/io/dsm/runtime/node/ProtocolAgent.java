package io.dsm.runtime.node;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

import io.dsm.runtime.block.Completion;
import io.dsm.runtime.membership.FailureDetector;
import io.dsm.runtime.protocol.ProtocolTable;
import io.dsm.runtime.recovery.RecoveryRound;
import io.dsm.runtime.transport.EmbeddedAeron;
import io.dsm.runtime.transport.Transport;
import io.dsm.runtime.wire.MessageDispatcher;

/**
 * The node's protocol thread, one duty cycle at a time: the embedded media driver's duty cycle
 * when the node runs its own driver, frames from the transport, the protocols' timed work, frames
 * this node sent itself, frames injected by tests and tools. A frame that must come again (its
 * class is being initialised) stays at the head of its queue.
 *
 * <p>Only protocol work counts as work for the idle strategy: the driver's conductor does timed
 * housekeeping every millisecond or so, and counting it would keep an idle node hot for ever.
 * A datagram the driver receives is handled in the same duty cycle, so it counts through the poll.
 */
public final class ProtocolAgent implements Agent
{
    private static final int FRAGMENT_LIMIT = 16;

    private final int self;
    private final EmbeddedAeron driver;
    private final Transport transport;
    private final MessageDispatcher dispatcher;
    private final ProtocolTable protocols;
    private final ManyToOneConcurrentArrayQueue<byte[]> localQueue;
    private final ManyToOneConcurrentArrayQueue<Injection> injections = new ManyToOneConcurrentArrayQueue<>(64);
    private final UnsafeBuffer local = new UnsafeBuffer(new byte[0]);
    private final FailureDetector detector;
    private final RecoveryRound recovery;
    private final Runnable onExpelled;
    private boolean expelled;

    private record Injection(byte[] frame, Completion done)
    {
    }

    /** {@code driver}: the node's own media driver whose duty cycle runs here, or null when it has its own thread. */
    public ProtocolAgent(final int self, final EmbeddedAeron driver, final Transport transport, final MessageDispatcher dispatcher,
        final ProtocolTable protocols, final ManyToOneConcurrentArrayQueue<byte[]> localQueue,
        final FailureDetector detector, final RecoveryRound recovery, final Runnable onExpelled)
    {
        this.detector = detector;
        this.recovery = recovery;
        this.onExpelled = onExpelled;
        this.self = self;
        this.driver = driver;
        this.transport = transport;
        this.dispatcher = dispatcher;
        this.protocols = protocols;
        this.localQueue = localQueue;
    }

    /** Queues a raw frame as if it had arrived from the network; {@code done} completes once it was handled. */
    public void inject(final byte[] frame, final Completion done)
    {
        if (!injections.offer(new Injection(frame, done)))
        {
            done.fail("node " + self + " has 64 injected frames waiting already");
        }
    }

    @Override
    public int doWork()
    {
        if (driver != null)
        {
            driver.invoke();
        }
        int work = transport.poll(dispatcher, FRAGMENT_LIMIT);
        work -= dispatcher.takeHousekeepingFrames();
        if (!recovery.isRecovering())
        {
            work += protocols.doWork(); // timed work could give a block away with its grant held back: not during a round
        }
        detector.doWork(System.nanoTime()); // heartbeats are housekeeping, not work: an idle node must sleep
        if (!expelled && detector.expelled() != null)
        {
            expelled = true;
            onExpelled.run();
        }
        byte[] m;
        while ((m = localQueue.peek()) != null)
        {
            local.wrap(m);
            if (!dispatcher.onLocalFrame(local, 0, m.length))
            {
                break;
            }
            localQueue.poll();
            work++;
        }
        Injection injected;
        while ((injected = injections.peek()) != null)
        {
            local.wrap(injected.frame());
            if (!dispatcher.onFrame(local, 0, injected.frame().length))
            {
                break;
            }
            injections.poll();
            injected.done().complete();
            work++;
        }
        return work;
    }

    @Override
    public String roleName()
    {
        return "dsm-node-" + self;
    }
}
