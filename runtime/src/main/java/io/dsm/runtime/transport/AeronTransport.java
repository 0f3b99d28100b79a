package io.dsm.runtime.transport;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.aeron.Aeron;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.dsm.api.DsmException;

/**
 * {@link Transport} over Aeron: one subscription for this node and one publication per peer.
 * UDP unicast between JVMs (each node listens on its own endpoint), IPC streams between nodes
 * that share a media driver in one JVM.
 */
public final class AeronTransport implements Transport
{
    /** Stream id used on UDP; on IPC each node listens on {@code IPC_STREAM_BASE + id}. */
    public static final int UDP_STREAM = 1001;
    public static final int IPC_STREAM_BASE = 2000;

    private final int self;
    private final Subscription subscription;
    private final Map<Integer, Publication> publications = new TreeMap<>();
    private final Map<Integer, String> peerNames = new TreeMap<>();
    private final long sendTimeoutNs;
    private final int maxMessageLength;
    private final ControlledFragmentAssembler assembler;
    /** The other nodes in this JVM, woken after a send (IPC only), or null. */
    private final LocalPeers localPeers;
    private FrameHandler current;
    private volatile long dead;
    private volatile Thread agentThread;
    /** Per peer, what the agent could not send yet, in order; agent thread only. */
    private final Map<Integer, ArrayDeque<byte[]>> backlog = new TreeMap<>();
    private final UnsafeBuffer backlogBuffer = new UnsafeBuffer(new byte[0]);

    private AeronTransport(
        final Aeron aeron, final int self, final String ownChannel, final int ownStream,
        final Map<Integer, String> peerChannels, final Map<Integer, Integer> peerStreams,
        final long sendTimeoutMs, final int termLength, final LocalPeers localPeers)
    {
        this.self = self;
        this.localPeers = localPeers;
        this.sendTimeoutNs = TimeUnit.MILLISECONDS.toNanos(sendTimeoutMs);
        this.maxMessageLength = termLength / 8;
        this.subscription = aeron.addSubscription(ownChannel, ownStream);
        try
        {
            for (final Map.Entry<Integer, String> e : peerChannels.entrySet())
            {
                publications.put(e.getKey(), aeron.addPublication(e.getValue(), peerStreams.get(e.getKey())));
                peerNames.put(e.getKey(), "node " + e.getKey() + " (" + e.getValue() + ")");
            }
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
        // ABORT leaves the frame in its sender's image (the assembler keeps its fragments), so it
        // comes again first from that sender while the other senders' images are polled on
        final ControlledFragmentHandler delegate = (buffer, offset, length, header) ->
            current.onFrame(buffer, offset, length) ? Action.CONTINUE : Action.ABORT;
        this.assembler = new ControlledFragmentAssembler(delegate);
    }

    /** UDP unicast: this node listens on its endpoint and sends to each peer's endpoint. */
    public static AeronTransport udp(
        final Aeron aeron, final int self, final Map<Integer, String> endpoints, final int termLength, final long sendTimeoutMs)
    {
        final Map<Integer, String> channels = new TreeMap<>();
        final Map<Integer, Integer> streams = new TreeMap<>();
        for (final Map.Entry<Integer, String> e : endpoints.entrySet())
        {
            if (e.getKey() != self)
            {
                channels.put(e.getKey(), udpChannel(e.getValue(), termLength));
                streams.put(e.getKey(), UDP_STREAM);
            }
        }
        return new AeronTransport(
            aeron, self, udpChannel(endpoints.get(self), termLength), UDP_STREAM, channels, streams, sendTimeoutMs, termLength,
            null);
    }

    /**
     * IPC: nodes in one JVM, sharing one media driver; node i listens on stream base + i. After each
     * send the receiving node's agent is woken through {@code localPeers}.
     */
    public static AeronTransport ipc(final Aeron aeron, final int self, final Iterable<Integer> nodes, final int termLength,
        final long sendTimeoutMs, final LocalPeers localPeers)
    {
        final String channel = "aeron:ipc?term-length=" + termLength;
        final Map<Integer, String> channels = new TreeMap<>();
        final Map<Integer, Integer> streams = new TreeMap<>();
        for (final int id : nodes)
        {
            if (id != self)
            {
                channels.put(id, channel);
                streams.put(id, IPC_STREAM_BASE + id);
            }
        }
        return new AeronTransport(
            aeron, self, channel, IPC_STREAM_BASE + self, channels, streams, sendTimeoutMs, termLength, localPeers);
    }

    static String udpChannel(final String endpoint, final int termLength)
    {
        return "aeron:udp?endpoint=" + endpoint + "|term-length=" + termLength;
    }

    @Override
    public void send(final int to, final DirectBuffer buffer, final int offset, final int length)
    {
        final Publication publication = publications.get(to);
        if (publication == null)
        {
            throw new DsmException("node " + self + " cannot send to node " + to + ": it is not a member of the cluster");
        }
        if (length > maxMessageLength)
        {
            throw new DsmException("message of " + length + " bytes to node " + to + " exceeds the largest message " +
                maxMessageLength + " (term length / 8): raise dsm.term.length or make the shared object smaller");
        }
        if (!isAlive(to))
        {
            return;
        }
        if (Thread.currentThread() == agentThread)
        {
            sendFromAgent(to, publication, buffer, offset, length);
            return;
        }
        long result = publication.offer(buffer, offset, length);
        if (result > 0)
        {
            wake(to);
            return;
        }
        final long deadline = System.nanoTime() + sendTimeoutNs;
        int attempts = 0;
        while (true)
        {
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                throw new DsmException("node " + self + " cannot send to " + peerNames.get(to) + ": publication " +
                    (result == Publication.CLOSED ? "closed" : "reached its maximum position"));
            }
            if (!isAlive(to))
            {
                return; // declared dead meanwhile: the recovery round takes care of what this message was for
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new DsmException("node " + self + " could not send to " + peerNames.get(to) + " within " +
                    TimeUnit.NANOSECONDS.toMillis(sendTimeoutNs) + " ms: " +
                    (result == Publication.NOT_CONNECTED ? "the peer is not connected (is it running?)" : "back pressured"));
            }
            if (++attempts < 100)
            {
                Thread.onSpinWait();
            }
            else if (attempts < 1000)
            {
                Thread.yield();
            }
            else
            {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
            }
            result = publication.offer(buffer, offset, length);
            if (result > 0)
            {
                wake(to);
                return;
            }
        }
    }

    /**
     * The agent never waits for a peer: a peer that is slow or gone must not stall every other
     * peer's requests (the failure detector declares a gone peer dead; its queue is then dropped).
     */
    private void sendFromAgent(final int to, final Publication publication, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final ArrayDeque<byte[]> queued = backlog.get(to);
        if (queued == null || queued.isEmpty())
        {
            final long result = publication.offer(buffer, offset, length);
            if (result > 0)
            {
                wake(to);
                return;
            }
            failIfFinal(to, result);
        }
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        backlog.computeIfAbsent(to, k -> new ArrayDeque<>()).addLast(copy);
    }

    /** Sends what the agent queued, in order per peer; returns how many went. */
    private int drainBacklog()
    {
        int sent = 0;
        for (final Map.Entry<Integer, ArrayDeque<byte[]>> e : backlog.entrySet())
        {
            final ArrayDeque<byte[]> q = e.getValue();
            if (q.isEmpty())
            {
                continue;
            }
            final int to = e.getKey();
            if (!isAlive(to))
            {
                q.clear();
                continue;
            }
            final Publication publication = publications.get(to);
            byte[] m;
            while ((m = q.peekFirst()) != null)
            {
                backlogBuffer.wrap(m);
                final long result = publication.offer(backlogBuffer, 0, m.length);
                if (result <= 0)
                {
                    failIfFinal(to, result);
                    break;
                }
                q.pollFirst();
                sent++;
            }
            if (sent > 0)
            {
                wake(to);
            }
        }
        return sent;
    }

    private void failIfFinal(final int to, final long result)
    {
        if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
        {
            throw new DsmException("node " + self + " cannot send to " + peerNames.get(to) + ": publication " +
                (result == Publication.CLOSED ? "closed" : "reached its maximum position"));
        }
    }

    @Override
    public boolean offerOnce(final int to, final DirectBuffer buffer, final int offset, final int length)
    {
        final Publication publication = publications.get(to);
        final boolean sent = publication != null && length <= maxMessageLength && publication.offer(buffer, offset, length) > 0;
        if (sent)
        {
            wake(to);
        }
        return sent;
    }

    @Override
    public void agentThread(final Thread thread)
    {
        agentThread = thread;
    }

    @Override
    public synchronized void declareDead(final int peer)
    {
        if (peer >= 0 && peer < 64)
        {
            dead |= 1L << peer;
        }
    }

    @Override
    public boolean isAlive(final int peer)
    {
        return peer < 0 || peer >= 64 || (dead & (1L << peer)) == 0;
    }

    private void wake(final int to)
    {
        if (localPeers != null)
        {
            localPeers.wake(to);
        }
    }

    @Override
    public int poll(final FrameHandler handler, final int limit)
    {
        current = handler;
        final int drained = backlog.isEmpty() ? 0 : drainBacklog();
        return drained + subscription.controlledPoll(assembler, limit);
    }

    @Override
    public boolean isConnected(final int peer)
    {
        final Publication p = publications.get(peer);
        return p != null && p.isConnected();
    }

    @Override
    public int maxMessageLength()
    {
        return maxMessageLength;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(publications.values());
        CloseHelper.quietClose(subscription);
    }
}
