package io.dsm.runtime;

import java.util.ArrayDeque;

import org.agrona.DirectBuffer;

import io.dsm.api.Protocol;

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
 * A request that reaches the old owner while ownership is in flight is forwarded, point to point,
 * to the node it handed the block to, which holds it until its own grant has arrived. So one
 * request can reach the owner more than once (directly and through former owners): every request
 * carries its requester's request number, increasing per requester, and a node acts on each
 * number at most once per block (it serves, queues or forwards it; it never records one it
 * dropped, since a forwarded copy of that one may be the copy it must serve later).
 */
final class BroadcastProtocol extends ProtocolBase
{
    /** What a node knows about a block under this protocol (agent-confined). */
    private static final class State
    {
        long copyset;
        int handedTo = -1;
        boolean invalidating;
        int acksPending;
        int writeRequester;
        /** [requester]: the highest request number acted on; allocated when the first is. */
        long[] actedOn;
        /** {requester, access, requestId} */
        final ArrayDeque<long[]> queue = new ArrayDeque<>(2);

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

    /** This node's request numbers (agent-confined: faults are turned into requests on the agent). */
    private long lastRequestId;

    BroadcastProtocol(final DsmNode node, final Outbox outbox, final NodeConfig config)
    {
        super(Protocol.IVY_BROADCAST, node, outbox, config);
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
        final int sender, final int requester, final long blockId, final int access, final boolean forwarded, final long requestId)
    {
        if (requester == self)
        {
            if (sender == self && !forwarded)
            {
                faultHere(blockId, access);
            }
            return; // otherwise our own request came back around a forwarding chain
        }
        final BlockMeta meta = node.block(blockId);
        if (meta == null)
        {
            return; // not involved with this block
        }
        final State st = state(meta);
        if (requestId > 0 && st.isDuplicate(requester, requestId))
        {
            return; // another copy of a request this node already served, queued or forwarded
        }
        if (meta.owner || hasPendingWrite(meta) || (st.handedTo >= 0 && st.handedTo != requester))
        {
            st.actOn(requester, requestId);
            handle(meta, st, requester, access, requestId);
        }
    }

    /** A request this node acts on: serve it, hold it, or pass it on to whom it handed the block. */
    private void handle(final BlockMeta meta, final State st, final int requester, final int access, final long requestId)
    {
        if (meta.owner)
        {
            if (st.invalidating)
            {
                st.queue.addLast(new long[] {requester, access, requestId});
            }
            else
            {
                serve(meta, st, requester, access);
            }
        }
        else if (hasPendingWrite(meta))
        {
            st.queue.addLast(new long[] {requester, access, requestId}); // ownership is on its way here
        }
        else if (st.handedTo >= 0 && st.handedTo != requester)
        {
            outbox.accessRequest(wire, st.handedTo, requester, meta.id, access, true, requestId);
        }
    }

    /** A local fault, on the agent thread. */
    private void faultHere(final long blockId, final int access)
    {
        final BlockMeta meta = node.block(blockId);
        if (meta == null)
        {
            return;
        }
        final State st = state(meta);
        if (!meta.owner)
        {
            final long requestId = ++lastRequestId;
            for (final int m : members)
            {
                if (m != self)
                {
                    outbox.accessRequest(wire, m, self, blockId, access, false, requestId);
                }
            }
        }
        else if (access == AccessKind.READ || BlockState.mode(meta.state()) == BlockState.WRITE)
        {
            node.completePending(meta);
        }
        else if (st.invalidating)
        {
            st.queue.addLast(new long[] {self, access, 0});
        }
        else
        {
            serve(meta, st, self, access);
        }
    }

    private void serve(final BlockMeta meta, final State st, final int requester, final int access)
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
            handOver(meta, st, requester);
            return;
        }
        BlockTransitions.revoke(meta, BlockState.READ); // no local writes while the copies go
        st.invalidating = true;
        st.writeRequester = requester;
        st.acksPending = Long.bitCount(targets);
        for (long t = targets; t != 0; t &= t - 1)
        {
            outbox.invalidate(wire, Long.numberOfTrailingZeros(t), meta.id);
        }
    }

    private void handOver(final BlockMeta meta, final State st, final int requester)
    {
        if (requester == self)
        {
            BlockTransitions.grant(meta, BlockState.WRITE); // the owner upgraded its own copy
            node.completePending(meta);
            forwardQueued(meta, st);
            return;
        }
        BlockTransitions.revoke(meta, BlockState.INVALID);
        meta.owner = false;
        st.handedTo = requester;
        outbox.blockGrant(wire, requester, meta, AccessKind.WRITE, true);
        forwardQueued(meta, st);
    }

    private void forwardQueued(final BlockMeta meta, final State st)
    {
        long[] r;
        while (!st.invalidating && (r = st.queue.pollFirst()) != null)
        {
            if ((int)r[0] == self)
            {
                faultHere(meta.id, (int)r[1]);
            }
            else
            {
                handle(meta, st, (int)r[0], (int)r[1], r[2]);
            }
        }
    }

    @Override
    public void onInvalidateAck(final int sender, final long blockId)
    {
        final BlockMeta meta = node.block(blockId);
        final State st = meta == null ? null : state(meta);
        if (st == null || !st.invalidating || st.acksPending <= 0)
        {
            throw new IllegalStateException("unexpected InvalidateAck from node " + sender + " for block " + BlockIds.format(blockId));
        }
        if (--st.acksPending == 0)
        {
            st.invalidating = false;
            handOver(meta, st, st.writeRequester);
        }
    }

    @Override
    public void onInvalidate(final int sender, final long blockId)
    {
        final BlockMeta meta = node.block(blockId);
        if (meta != null && !meta.owner && !BrokenMode.SKIP_INVALIDATION)
        {
            BlockTransitions.revoke(meta, BlockState.INVALID);
        }
        outbox.invalidateAck(wire, sender, blockId);
    }

    @Override
    public void onBlockGrant(
        final int sender, final long blockId, final int access, final boolean withData, final long copyset,
        final int changes, final String className, final DirectBuffer payload, final int payloadOffset, final int payloadLength)
    {
        final BlockMeta meta = node.replicaMeta(blockId, className);
        final State st = state(meta);
        if (access == AccessKind.WRITE)
        {
            meta.owner = true;
            st.handedTo = -1;
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
