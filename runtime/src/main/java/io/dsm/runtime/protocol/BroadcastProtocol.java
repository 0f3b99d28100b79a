package io.dsm.runtime.protocol;

import java.util.ArrayDeque;

import org.agrona.DirectBuffer;

import io.dsm.api.Protocol;
import io.dsm.runtime.block.AccessKind;
import io.dsm.runtime.block.BlockIds;
import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.block.BlockTransitions;
import io.dsm.runtime.wire.SeenRequests;

/**
 * Read replication where the owner is found by broadcast (Tanenbaum 6.4.5): the requester sends
 * its request, saying read or write, to every other node, and only the owner answers, with the
 * copy and, for a write, the ownership in one message. The owner keeps the copyset and
 * serialises requests for its block.
 *
 * <pre>
 * read fault:  requester -> every other node: AccessRequest(READ)     n - 1 messages
 *              owner     -> requester:        BlockGrant(READ, data)
 * write fault: requester -> every other node: AccessRequest(WRITE)    n - 1 messages
 *              owner     -> each copy holder: Invalidate, holder -> owner: InvalidateAck   2c
 *              owner     -> requester:        BlockGrant(WRITE, data)
 * </pre>
 *
 * Ownership in flight: a request can reach the old owner O after O handed the block to N, and
 * reach N before N itself faulted, when N ignored it. O must then forward it to N, or nobody
 * serves it. O cannot tell from the request alone, so every request carries its requester's
 * request number (increasing per requester; each node's messages to a peer arrive in order), and
 * N's write request carries, for every node, the highest request number N had received directly
 * from it. O forwards a request to N only if N had received it before it asked for the block;
 * otherwise N got it while its write was pending and queued it itself. So in the common case no
 * request is forwarded and a fault costs exactly Li and Hudak's n (read) or n + 2c (write). A
 * node still acts on each request number at most once per block, for the rarer paths on which a
 * request arrives twice (ownership returning to a node along a chain of forwards).
 */
final class BroadcastProtocol extends ProtocolBase
{
    /** What a node knows about a block under this protocol (agent-confined). */
    private static final class State
    {
        long copyset;
        int handedTo = -1;
        /** What {@link #handedTo} had seen when it asked for the block: [node] -> highest request number. */
        long[] successorSaw;
        /** The seen list of the write request being served while the copies are invalidated. */
        long[] writeRequesterSaw;
        boolean invalidating;
        int acksPending;
        int writeRequester;
        /** [requester]: the highest request number acted on; allocated when the first is. */
        long[] actedOn;
        final ArrayDeque<Request> queue = new ArrayDeque<>(2);

        boolean isDuplicate(final int requester, final long requestId)
        {
            return actedOn != null && requestId <= actedOn[requester];
        }

        void actOn(final int requester, final long requestId)
        {
            if (actedOn == null)
            {
                actedOn = new long[Long.SIZE]; // node ids are 0-63, as in the copyset bit masks
            }
            actedOn[requester] = requestId;
        }
    }

    /** A request held until this node can serve it (it is invalidating, or ownership is on its way). */
    private static final class Request
    {
        final int requester;
        final int access;
        final long requestId;
        /** For write requests, the requester's seen list; else null. */
        final long[] seen;

        Request(final int requester, final int access, final long requestId, final long[] seen)
        {
            this.requester = requester;
            this.access = access;
            this.requestId = requestId;
            this.seen = seen;
        }
    }

    /** This node's request numbers (agent-confined: faults are turned into requests on the agent). */
    private long lastRequestId;
    /** [node]: the highest request number received directly from that node (agent-confined). */
    private final long[] received = new long[Long.SIZE];

    BroadcastProtocol(final ProtocolContext context)
    {
        super(Protocol.IVY_BROADCAST, context);
    }

    @Override
    public void recover(final long blockId, final BlockMeta meta, final int owner, final long copyset)
    {
        if (meta != null)
        {
            // a fresh record (queues, hand-overs and invalidations in flight are moot); what was acted on stays
            final State old = (State)meta.protocolState;
            final State st = new State();
            st.actedOn = old == null ? null : old.actedOn;
            if (owner == self)
            {
                st.copyset = copyset;
            }
            meta.protocolState = st;
        }
    }

    private static State state(final BlockMeta meta)
    {
        if (meta.protocolState == null)
        {
            meta.protocolState = new State();
        }
        return (State)meta.protocolState;
    }

    @Override
    public String route(final BlockMeta meta)
    {
        return "the owner, asked by broadcast";
    }

    @Override
    public void requestAccess(final BlockMeta meta, final int access)
    {
        // the agent decides: an owner upgrading its own copy asks nobody, anyone else broadcasts
        outbox.accessRequest(wire, self, self, meta.id, access, false);
    }

    @Override
    public void onAccessRequest(
        final int sender, final int requester, final long blockId, final int access, final boolean forwarded, final long requestId,
        final SeenRequests seen)
    {
        if (sender == requester && !forwarded && requestId > received[requester])
        {
            received[requester] = requestId;
        }
        if (requester == self)
        {
            if (sender == self && !forwarded)
            {
                faultHere(blockId, access);
            }
            return; // otherwise our own request came back around a forwarding chain
        }
        final BlockMeta meta = blocks.block(blockId);
        if (meta == null)
        {
            return; // not involved with this block
        }
        final State st = state(meta);
        if (requestId > 0 && st.isDuplicate(requester, requestId))
        {
            return; // another copy of a request this node already served, queued or forwarded
        }
        if (meta.owner || meta.hasPendingWrite() || mustForward(st, requester, requestId))
        {
            st.actOn(requester, requestId);
            handle(meta, st, requester, access, requestId, access == AccessKind.WRITE ? seen.copyTo(new long[Long.SIZE]) : null);
        }
    }

    /** A former owner passes a request on only if its successor had it before asking for the block. */
    private static boolean mustForward(final State st, final int requester, final long requestId)
    {
        return st.handedTo >= 0 && st.handedTo != requester &&
            (st.successorSaw == null || requestId <= st.successorSaw[requester]);
    }

    /** A request this node acts on: serve it, hold it, or pass it on to whom it handed the block. */
    private void handle(final BlockMeta meta, final State st, final int requester, final int access, final long requestId,
        final long[] seen)
    {
        if (meta.owner)
        {
            if (st.invalidating)
            {
                st.queue.addLast(new Request(requester, access, requestId, seen));
            }
            else
            {
                serve(meta, st, requester, access, seen);
            }
        }
        else if (meta.hasPendingWrite())
        {
            st.queue.addLast(new Request(requester, access, requestId, seen)); // ownership is on its way here
        }
        else if (mustForward(st, requester, requestId))
        {
            outbox.accessRequest(wire, st.handedTo, requester, meta.id, access, true, requestId, seen);
        }
    }

    /** A local fault, on the agent thread. */
    private void faultHere(final long blockId, final int access)
    {
        final BlockMeta meta = blocks.block(blockId);
        if (meta == null)
        {
            return;
        }
        final State st = state(meta);
        if (!meta.owner)
        {
            final long requestId = ++lastRequestId;
            final long[] seen = access == AccessKind.WRITE ? received : null; // only a write makes this node the owner
            for (final int m : members)
            {
                if (m != self)
                {
                    outbox.accessRequest(wire, m, self, blockId, access, false, requestId, seen);
                }
            }
        }
        else if (access == AccessKind.READ || BlockState.mode(meta.state()) == BlockState.WRITE)
        {
            meta.completeFault();
        }
        else if (st.invalidating)
        {
            st.queue.addLast(new Request(self, access, 0, null));
        }
        else
        {
            serve(meta, st, self, access, null);
        }
    }

    private void serve(final BlockMeta meta, final State st, final int requester, final int access, final long[] seen)
    {
        if (access == AccessKind.READ)
        {
            BlockTransitions.revoke(meta, BlockState.READ);
            st.copyset |= bit(requester);
            outbox.blockGrant(wire, requester, meta, AccessKind.READ, true);
            return;
        }
        final long targets = st.copyset & ~bit(requester) & ~bit(self);
        st.copyset = 0;
        if (targets == 0)
        {
            handOver(meta, st, requester, seen);
            return;
        }
        BlockTransitions.revoke(meta, BlockState.READ); // no local writes while the copies go
        st.invalidating = true;
        st.writeRequester = requester;
        st.writeRequesterSaw = seen;
        st.acksPending = Long.bitCount(targets);
        for (long t = targets; t != 0; t &= t - 1)
        {
            outbox.invalidate(wire, Long.numberOfTrailingZeros(t), meta.id);
        }
    }

    private void handOver(final BlockMeta meta, final State st, final int requester, final long[] seen)
    {
        if (requester == self)
        {
            BlockTransitions.grant(meta, BlockState.WRITE); // the owner upgraded its own copy
            meta.completeFault();
            forwardQueued(meta, st);
            return;
        }
        BlockTransitions.revoke(meta, BlockState.INVALID);
        meta.owner = false;
        st.handedTo = requester;
        st.successorSaw = seen;
        outbox.blockGrant(wire, requester, meta, AccessKind.WRITE, true);
        forwardQueued(meta, st);
    }

    private void forwardQueued(final BlockMeta meta, final State st)
    {
        Request r;
        while (!st.invalidating && (r = st.queue.pollFirst()) != null)
        {
            if (r.requester == self)
            {
                faultHere(meta.id, r.access);
            }
            else
            {
                handle(meta, st, r.requester, r.access, r.requestId, r.seen);
            }
        }
    }

    @Override
    public void onInvalidateAck(final int sender, final long blockId)
    {
        final BlockMeta meta = blocks.block(blockId);
        final State st = meta == null ? null : state(meta);
        if (st == null || !st.invalidating || st.acksPending <= 0)
        {
            throw new IllegalStateException("unexpected InvalidateAck from node " + sender + " for block " + BlockIds.format(blockId));
        }
        if (--st.acksPending == 0)
        {
            st.invalidating = false;
            final long[] seen = st.writeRequesterSaw;
            st.writeRequesterSaw = null;
            handOver(meta, st, st.writeRequester, seen);
        }
    }

    @Override
    public void onInvalidate(final int sender, final long blockId)
    {
        dropCopyAndAcknowledge(sender, blockId);
    }

    @Override
    public void onBlockGrant(
        final int sender, final long blockId, final int access, final boolean withData, final long copyset,
        final int changes, final String className, final DirectBuffer payload, final int payloadOffset, final int payloadLength)
    {
        final BlockMeta meta = blocks.replicaMeta(blockId, className);
        final State st = state(meta);
        if (access == AccessKind.WRITE)
        {
            meta.owner = true;
            st.handedTo = -1;
            st.successorSaw = null;
            st.copyset = 0;
        }
        else if (meta.owner)
        {
            return; // a late duplicate copy for a request we no longer need
        }
        install(meta, access, withData, payload, payloadOffset, payloadLength);
        if (access == AccessKind.WRITE)
        {
            forwardQueued(meta, st);
        }
    }
}
