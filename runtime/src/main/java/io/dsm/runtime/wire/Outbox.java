package io.dsm.runtime.wire;


import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import io.dsm.api.DsmException;
import io.dsm.runtime.block.AccessKind;
import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.transport.AgentIdle;
import io.dsm.runtime.transport.Transport;
import io.dsm.runtime.wire.codec.Access;
import io.dsm.runtime.wire.codec.AccessRequestEncoder;
import io.dsm.runtime.wire.codec.BlockGrantEncoder;
import io.dsm.runtime.wire.codec.ConfirmEncoder;
import io.dsm.runtime.wire.codec.FieldWriteAckEncoder;
import io.dsm.runtime.wire.codec.FieldWriteEncoder;
import io.dsm.runtime.wire.codec.InvalidateAckEncoder;
import io.dsm.runtime.wire.codec.InvalidateEncoder;
import io.dsm.runtime.wire.codec.LeaveEncoder;
import io.dsm.runtime.wire.codec.LockForwardEncoder;
import io.dsm.runtime.wire.codec.HeartbeatEncoder;
import io.dsm.runtime.wire.codec.LockInfoEncoder;
import io.dsm.runtime.wire.codec.NotMemberEncoder;
import io.dsm.runtime.wire.codec.RecoveryFlushEncoder;
import io.dsm.runtime.wire.codec.RecoveryPlanEncoder;
import io.dsm.runtime.wire.codec.RecoveryReportEncoder;
import io.dsm.runtime.wire.codec.LockQueryEncoder;
import io.dsm.runtime.wire.codec.LockRequestEncoder;
import io.dsm.runtime.wire.codec.LockTokenEncoder;
import io.dsm.runtime.wire.codec.LockWakeEncoder;
import io.dsm.runtime.wire.codec.MessageHeaderEncoder;
import io.dsm.runtime.wire.codec.OwnerChangedEncoder;
import io.dsm.runtime.wire.codec.OwnerIsEncoder;
import io.dsm.runtime.wire.codec.RefuseEncoder;
import io.dsm.runtime.wire.codec.RootBindEncoder;
import io.dsm.runtime.wire.codec.RootBoundEncoder;

/**
 * Encodes and sends the messages of one node. Thread safe: application threads send requests,
 * the protocol agent sends everything else; each thread encodes into its own scratch buffer.
 * A message to this node itself goes to the agent's local queue and is not network traffic.
 */
public final class Outbox
{
    /** Per-thread encoders over one growable buffer. */
    private static final class Scratch
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final AccessRequestEncoder accessRequest = new AccessRequestEncoder();
        final BlockGrantEncoder blockGrant = new BlockGrantEncoder();
        final InvalidateEncoder invalidate = new InvalidateEncoder();
        final InvalidateAckEncoder invalidateAck = new InvalidateAckEncoder();
        final ConfirmEncoder confirm = new ConfirmEncoder();
        final RootBindEncoder rootBind = new RootBindEncoder();
        final RootBoundEncoder rootBound = new RootBoundEncoder();
        final LeaveEncoder leave = new LeaveEncoder();
        final RefuseEncoder refuse = new RefuseEncoder();
        final OwnerIsEncoder ownerIs = new OwnerIsEncoder();
        final OwnerChangedEncoder ownerChanged = new OwnerChangedEncoder();
        final FieldWriteEncoder fieldWrite = new FieldWriteEncoder();
        final FieldWriteAckEncoder fieldWriteAck = new FieldWriteAckEncoder();
        final LockRequestEncoder lockRequest = new LockRequestEncoder();
        final LockForwardEncoder lockForward = new LockForwardEncoder();
        final LockTokenEncoder lockToken = new LockTokenEncoder();
        final LockWakeEncoder lockWake = new LockWakeEncoder();
        final LockQueryEncoder lockQuery = new LockQueryEncoder();
        final LockInfoEncoder lockInfo = new LockInfoEncoder();
        final HeartbeatEncoder heartbeat = new HeartbeatEncoder();
        final NotMemberEncoder notMember = new NotMemberEncoder();
        final RecoveryFlushEncoder recoveryFlush = new RecoveryFlushEncoder();
        final RecoveryReportEncoder recoveryReport = new RecoveryReportEncoder();
        final RecoveryPlanEncoder recoveryPlan = new RecoveryPlanEncoder();
        final ExpandableArrayBuffer payload = new ExpandableArrayBuffer(256);
    }

    private final int self;
    private final Transport transport;
    private final ManyToOneConcurrentArrayQueue<byte[]> localQueue;
    private final MessageCounters counters;
    private final PayloadCodec codec;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    private volatile AgentIdle agentIdle;
    /** While a recovery round runs, block messages are not sent: the round rebuilds what they would change. */
    private volatile boolean holdBlockMessages;
    /** Counts block messages per block on a profiling node, else null. */
    private volatile MessageProfile profile;
    /** This node's layout text (UTF-8), carried by every heartbeat so peers can compare it. */
    private byte[] layout = new byte[0];

    public Outbox(final int self, final Transport transport, final ManyToOneConcurrentArrayQueue<byte[]> localQueue,
        final MessageCounters counters, final PayloadCodec codec)
    {
        this.codec = codec;
        this.self = self;
        this.transport = transport;
        this.localQueue = localQueue;
        this.counters = counters;
    }

    /**
     * How to wake the protocol agent: an application thread that sends wakes it, whether the frame
     * is queued to this node or goes to a peer (the agent runs the driver that puts it on the wire,
     * when the node has its own driver, and handles the answer).
     */
    public void agentIdle(final AgentIdle idle)
    {
        agentIdle = idle;
    }

    /** Set by the recovery round while it runs (see {@link #holdBlockMessages}). */
    public void holdBlockMessages(final boolean hold)
    {
        holdBlockMessages = hold;
    }

    /** Set on a profiling node before it sends anything. */
    public void profile(final MessageProfile messageProfile)
    {
        profile = messageProfile;
    }

    /** The layout text heartbeats carry; set before the node sends any. */
    public void layout(final byte[] utf8)
    {
        layout = utf8.clone();
    }

    public void heartbeat(final int to, final long incarnation, final long dead)
    {
        final Scratch s = scratch.get();
        s.heartbeat.wrapAndApplyHeader(s.buffer, 0, s.header).sender(self).incarnation(incarnation).dead(dead)
            .putLayout(layout, 0, layout.length);
        send(to, s.buffer, MessageHeaderEncoder.ENCODED_LENGTH + s.heartbeat.encodedLength(), HeartbeatEncoder.TEMPLATE_ID);
    }

    /** To a process using a dead node's id: it goes although that id is dead (one attempt; its heartbeats come again). */
    public void notMember(final int to, final long incarnation, final long dead)
    {
        final Scratch s = scratch.get();
        s.notMember.wrapAndApplyHeader(s.buffer, 0, s.header).sender(self).incarnation(incarnation).dead(dead);
        if (transport.offerOnce(to, s.buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + s.notMember.encodedLength()))
        {
            counters.onSent(NotMemberEncoder.TEMPLATE_ID);
        }
    }

    public void recoveryFlush(final int to, final long dead)
    {
        final Scratch s = scratch.get();
        s.recoveryFlush.wrapAndApplyHeader(s.buffer, 0, s.header).sender(self).dead(dead);
        send(to, s.buffer, MessageHeaderEncoder.ENCODED_LENGTH + s.recoveryFlush.encodedLength(), RecoveryFlushEncoder.TEMPLATE_ID);
    }

    public void recoveryReport(final int to, final long dead, final boolean last, final long applied, final DirectBuffer blocks,
        final int blocksLength, final DirectBuffer roots, final int rootsLength, final DirectBuffer locks, final int locksLength)
    {
        final Scratch s = scratch.get();
        s.recoveryReport.wrapAndApplyHeader(s.buffer, 0, s.header).sender(self).dead(dead).last((short)(last ? 1 : 0))
            .applied(applied)
            .putBlocks(blocks, 0, blocksLength).putRoots(roots, 0, rootsLength).putLocks(locks, 0, locksLength);
        send(to, s.buffer, MessageHeaderEncoder.ENCODED_LENGTH + s.recoveryReport.encodedLength(), RecoveryReportEncoder.TEMPLATE_ID);
    }

    public void recoveryPlan(final int to, final long dead, final boolean last, final int sequencer, final long sequence,
        final DirectBuffer blocks, final int blocksLength, final DirectBuffer roots, final int rootsLength,
        final DirectBuffer locks, final int locksLength)
    {
        final Scratch s = scratch.get();
        s.recoveryPlan.wrapAndApplyHeader(s.buffer, 0, s.header).sender(self).dead(dead).last((short)(last ? 1 : 0))
            .sequencer(sequencer).sequence(sequence)
            .putBlocks(blocks, 0, blocksLength).putRoots(roots, 0, rootsLength).putLocks(locks, 0, locksLength);
        send(to, s.buffer, MessageHeaderEncoder.ENCODED_LENGTH + s.recoveryPlan.encodedLength(), RecoveryPlanEncoder.TEMPLATE_ID);
    }

    public void accessRequest(final int protocol, final int to, final int requester, final long blockId, final int access,
        final boolean forwarded)
    {
        accessRequest(protocol, to, requester, blockId, access, forwarded, 0);
    }

    public void accessRequest(final int protocol, final int to, final int requester, final long blockId, final int access,
        final boolean forwarded, final long requestId)
    {
        accessRequest(protocol, to, requester, blockId, access, forwarded, requestId, null);
    }

    /** {@code seen}: by node id, the highest request number received from it (see SeenRequests); null for none. */
    public void accessRequest(final int protocol, final int to, final int requester, final long blockId, final int access,
        final boolean forwarded, final long requestId, final long[] seen)
    {
        final Scratch s = scratch.get();
        final int seenLength = seen == null ? 0 : SeenRequests.encode(seen, s.payload, 0);
        s.accessRequest.wrapAndApplyHeader(s.buffer, 0, s.header)
            .sender(self).requester(requester).blockId(blockId).access(toWire(access))
            .forwarded((short)(forwarded ? 1 : 0)).protocol((short)protocol).requestId(requestId)
            .putSeen(s.payload, 0, seenLength);
        send(to, s.buffer, MessageHeaderEncoder.ENCODED_LENGTH + s.accessRequest.encodedLength(), AccessRequestEncoder.TEMPLATE_ID);
    }

    /** Sends a block grant; for a grant with data the payload is encoded from the replica now. */
    public void blockGrant(final int protocol, final int to, final BlockMeta meta, final int access, final boolean withData)
    {
        blockGrant(protocol, to, meta, access, withData, 0L, 0);
    }

    /** A grant that also hands over a copyset (the dynamic distributed manager moves it with ownership). */
    public void blockGrant(final int protocol, final int to, final BlockMeta meta, final int access, final boolean withData,
        final long copyset, final int ownershipChanges)
    {
        final Scratch s = scratch.get();
        final int payloadLength = withData ? codec.encode(meta, s.payload, 0) : 0;
        s.blockGrant.wrapAndApplyHeader(s.buffer, 0, s.header)
            .sender(self).blockId(meta.id).access(toWire(access)).withData((short)(withData ? 1 : 0))
            .protocol((short)protocol).copyset(copyset).ownershipChanges(ownershipChanges)
            .className(meta.layout.type().getName())
            .putPayload(s.payload, 0, payloadLength);
        send(to, s.buffer, MessageHeaderEncoder.ENCODED_LENGTH + s.blockGrant.encodedLength(), BlockGrantEncoder.TEMPLATE_ID);
    }

    public void invalidate(final int protocol, final int to, final long blockId)
    {
        final Scratch s = scratch.get();
        s.invalidate.wrapAndApplyHeader(s.buffer, 0, s.header).sender(self).blockId(blockId).protocol((short)protocol);
        send(to, s.buffer, MessageHeaderEncoder.ENCODED_LENGTH + s.invalidate.encodedLength(), InvalidateEncoder.TEMPLATE_ID);
    }

    public void invalidateAck(final int protocol, final int to, final long blockId)
    {
        final Scratch s = scratch.get();
        s.invalidateAck.wrapAndApplyHeader(s.buffer, 0, s.header).sender(self).blockId(blockId).protocol((short)protocol);
        send(to, s.buffer, MessageHeaderEncoder.ENCODED_LENGTH + s.invalidateAck.encodedLength(), InvalidateAckEncoder.TEMPLATE_ID);
    }

    public void confirm(final int protocol, final int to, final long blockId, final int access)
    {
        final Scratch s = scratch.get();
        s.confirm.wrapAndApplyHeader(s.buffer, 0, s.header).sender(self).blockId(blockId).access(toWire(access))
            .protocol((short)protocol);
        send(to, s.buffer, MessageHeaderEncoder.ENCODED_LENGTH + s.confirm.encodedLength(), ConfirmEncoder.TEMPLATE_ID);
    }

    public void rootBind(final int to, final long requestId, final long objectId, final String name, final String className)
    {
        final Scratch s = scratch.get();
        s.rootBind.wrapAndApplyHeader(s.buffer, 0, s.header)
            .sender(self).requestId(requestId).objectId(objectId).name(name).className(className);
        send(to, s.buffer, MessageHeaderEncoder.ENCODED_LENGTH + s.rootBind.encodedLength(), RootBindEncoder.TEMPLATE_ID);
    }

    public void rootBound(final int to, final long requestId, final long objectId, final String name, final String className)
    {
        final Scratch s = scratch.get();
        s.rootBound.wrapAndApplyHeader(s.buffer, 0, s.header)
            .sender(self).requestId(requestId).objectId(objectId).name(name).className(className);
        send(to, s.buffer, MessageHeaderEncoder.ENCODED_LENGTH + s.rootBound.encodedLength(), RootBoundEncoder.TEMPLATE_ID);
    }

    public void lockRequest(final int to, final long lockId)
    {
        final Scratch s = scratch.get();
        s.lockRequest.wrapAndApplyHeader(s.buffer, 0, s.header).sender(self).lockId(lockId);
        send(to, s.buffer, MessageHeaderEncoder.ENCODED_LENGTH + s.lockRequest.encodedLength(), LockRequestEncoder.TEMPLATE_ID);
    }

    public void lockForward(final int to, final long lockId, final int requester)
    {
        final Scratch s = scratch.get();
        s.lockForward.wrapAndApplyHeader(s.buffer, 0, s.header).sender(self).lockId(lockId).requester(requester);
        send(to, s.buffer, MessageHeaderEncoder.ENCODED_LENGTH + s.lockForward.encodedLength(), LockForwardEncoder.TEMPLATE_ID);
    }

    /** {@code waiters}: the wait set as the sync package encodes it (9-byte entries). */
    public void lockToken(final int to, final long lockId, final long epoch, final long mark, final DirectBuffer waiters,
        final int waitersLength)
    {
        final Scratch s = scratch.get();
        s.lockToken.wrapAndApplyHeader(s.buffer, 0, s.header).sender(self).lockId(lockId).epoch(epoch).mark(mark)
            .putWaiters(waiters, 0, waitersLength);
        send(to, s.buffer, MessageHeaderEncoder.ENCODED_LENGTH + s.lockToken.encodedLength(), LockTokenEncoder.TEMPLATE_ID);
    }

    /** {@code waiterIds}: 8 bytes each, little-endian. */
    public void lockWake(final int to, final long lockId, final DirectBuffer waiterIds, final int length)
    {
        final Scratch s = scratch.get();
        s.lockWake.wrapAndApplyHeader(s.buffer, 0, s.header).sender(self).lockId(lockId).putWaiterIds(waiterIds, 0, length);
        send(to, s.buffer, MessageHeaderEncoder.ENCODED_LENGTH + s.lockWake.encodedLength(), LockWakeEncoder.TEMPLATE_ID);
    }

    public void lockQuery(final int to, final long lockId, final long queryId, final int about)
    {
        final Scratch s = scratch.get();
        s.lockQuery.wrapAndApplyHeader(s.buffer, 0, s.header).sender(self).lockId(lockId).queryId(queryId).about(about);
        send(to, s.buffer, MessageHeaderEncoder.ENCODED_LENGTH + s.lockQuery.encodedLength(), LockQueryEncoder.TEMPLATE_ID);
    }

    public void lockInfo(final int to, final long lockId, final long queryId, final int predecessor, final boolean holds,
        final String description)
    {
        final Scratch s = scratch.get();
        s.lockInfo.wrapAndApplyHeader(s.buffer, 0, s.header).sender(self).lockId(lockId).queryId(queryId)
            .predecessor(predecessor).holds((short)(holds ? 1 : 0)).description(description);
        send(to, s.buffer, MessageHeaderEncoder.ENCODED_LENGTH + s.lockInfo.encodedLength(), LockInfoEncoder.TEMPLATE_ID);
    }

    public void leave(final int to)
    {
        final Scratch s = scratch.get();
        s.leave.wrapAndApplyHeader(s.buffer, 0, s.header).sender(self);
        send(to, s.buffer, MessageHeaderEncoder.ENCODED_LENGTH + s.leave.encodedLength(), LeaveEncoder.TEMPLATE_ID);
    }

    public void refuse(final int protocol, final int to, final long blockId, final String reason)
    {
        final Scratch s = scratch.get();
        s.refuse.wrapAndApplyHeader(s.buffer, 0, s.header).sender(self).blockId(blockId).protocol((short)protocol).reason(reason);
        send(to, s.buffer, MessageHeaderEncoder.ENCODED_LENGTH + s.refuse.encodedLength(), RefuseEncoder.TEMPLATE_ID);
    }

    public void ownerIs(final int protocol, final int to, final long blockId, final int owner, final int access)
    {
        final Scratch s = scratch.get();
        s.ownerIs.wrapAndApplyHeader(s.buffer, 0, s.header)
            .sender(self).blockId(blockId).owner(owner).access(toWire(access)).protocol((short)protocol);
        send(to, s.buffer, MessageHeaderEncoder.ENCODED_LENGTH + s.ownerIs.encodedLength(), OwnerIsEncoder.TEMPLATE_ID);
    }

    public void ownerChanged(final int protocol, final int to, final long blockId, final int owner)
    {
        final Scratch s = scratch.get();
        s.ownerChanged.wrapAndApplyHeader(s.buffer, 0, s.header)
            .sender(self).blockId(blockId).owner(owner).protocol((short)protocol);
        send(to, s.buffer, MessageHeaderEncoder.ENCODED_LENGTH + s.ownerChanged.encodedLength(), OwnerChangedEncoder.TEMPLATE_ID);
    }

    /** A write carried as a value: {@code value} is encoded as the slot's wire type. */
    public void fieldWrite(final int protocol, final int to, final int writer, final BlockMeta meta, final long requestId,
        final long sequence, final int slot, final Object value)
    {
        final Scratch s = scratch.get();
        final int valueLength = codec.encodeSlotValue(meta, slot, value, s.payload, 0);
        s.fieldWrite.wrapAndApplyHeader(s.buffer, 0, s.header)
            .sender(self).writer(writer).blockId(meta.id).requestId(requestId).sequence(sequence).slot(slot)
            .protocol((short)protocol).className(meta.layout.type().getName()).putValue(s.payload, 0, valueLength);
        send(to, s.buffer, MessageHeaderEncoder.ENCODED_LENGTH + s.fieldWrite.encodedLength(), FieldWriteEncoder.TEMPLATE_ID);
    }

    /** Relays a received write value unchanged (the sequencer's broadcast). */
    public void fieldWrite(final int protocol, final int to, final int writer, final long blockId, final String className,
        final long requestId, final long sequence, final int slot, final DirectBuffer value, final int offset, final int length)
    {
        final Scratch s = scratch.get();
        s.fieldWrite.wrapAndApplyHeader(s.buffer, 0, s.header)
            .sender(self).writer(writer).blockId(blockId).requestId(requestId).sequence(sequence).slot(slot)
            .protocol((short)protocol).className(className).putValue(value, offset, length);
        send(to, s.buffer, MessageHeaderEncoder.ENCODED_LENGTH + s.fieldWrite.encodedLength(), FieldWriteEncoder.TEMPLATE_ID);
    }

    public void fieldWriteAck(final int protocol, final int to, final long blockId, final long requestId)
    {
        final Scratch s = scratch.get();
        s.fieldWriteAck.wrapAndApplyHeader(s.buffer, 0, s.header)
            .sender(self).blockId(blockId).requestId(requestId).protocol((short)protocol);
        send(to, s.buffer, MessageHeaderEncoder.ENCODED_LENGTH + s.fieldWriteAck.encodedLength(), FieldWriteAckEncoder.TEMPLATE_ID);
    }

    private void send(final int to, final DirectBuffer buffer, final int length, final int templateId)
    {
        if (holdBlockMessages && MessageType.isBlockMessage(templateId))
        {
            counters.onNotSentInRecovery();
            return;
        }
        if (to == self)
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(0, copy);
            long spins = 0;
            while (!localQueue.offer(copy))
            {
                if (++spins > 10_000_000L)
                {
                    throw new DsmException("node " + self + " local message queue stayed full; the protocol agent is stuck");
                }
                Thread.onSpinWait();
            }
            wakeAgent();
            return;
        }
        // counted before the send: a peer may act on the message before this thread returns from send
        if (!transport.isAlive(to))
        {
            counters.onNotSentToDead();
            return;
        }
        counters.onSent(templateId);
        final MessageProfile p = profile;
        if (p != null && MessageType.blockIdOffset(templateId) >= 0)
        {
            p.onBlockMessage(buffer.getLong(MessageHeaderEncoder.ENCODED_LENGTH + MessageType.blockIdOffset(templateId),
                java.nio.ByteOrder.LITTLE_ENDIAN), length, true);
        }
        transport.send(to, buffer, 0, length);
        wakeAgent();
    }

    private void wakeAgent()
    {
        final AgentIdle idle = agentIdle;
        if (idle != null && !idle.isAgentThread(Thread.currentThread()))
        {
            idle.wake();
        }
    }

    private static Access toWire(final int access)
    {
        switch (access)
        {
            case AccessKind.READ: return Access.READ;
            case AccessKind.WRITE: return Access.WRITE;
            default: return Access.NONE;
        }
    }
}
