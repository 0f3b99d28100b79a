package io.dsm.runtime.wire;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

import io.dsm.runtime.block.AccessKind;
import io.dsm.runtime.block.BlockIds;
import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.ClassLayout;
import io.dsm.runtime.metrics.ErrorLog;
import io.dsm.runtime.transport.FrameHandler;
import io.dsm.runtime.wire.MessageCounters.DropReason;
import io.dsm.runtime.wire.codec.AccessRequestDecoder;
import io.dsm.runtime.wire.codec.BlockGrantDecoder;
import io.dsm.runtime.wire.codec.ConfirmDecoder;
import io.dsm.runtime.wire.codec.FieldWriteAckDecoder;
import io.dsm.runtime.wire.codec.FieldWriteDecoder;
import io.dsm.runtime.wire.codec.InvalidateAckDecoder;
import io.dsm.runtime.wire.codec.InvalidateDecoder;
import io.dsm.runtime.wire.codec.LeaveDecoder;
import io.dsm.runtime.wire.codec.LockForwardDecoder;
import io.dsm.runtime.wire.codec.HeartbeatDecoder;
import io.dsm.runtime.wire.codec.LockInfoDecoder;
import io.dsm.runtime.wire.codec.NotMemberDecoder;
import io.dsm.runtime.wire.codec.RecoveryFlushDecoder;
import io.dsm.runtime.wire.codec.RecoveryPlanDecoder;
import io.dsm.runtime.wire.codec.RecoveryReportDecoder;
import io.dsm.runtime.wire.codec.LockQueryDecoder;
import io.dsm.runtime.wire.codec.LockRequestDecoder;
import io.dsm.runtime.wire.codec.LockTokenDecoder;
import io.dsm.runtime.wire.codec.LockWakeDecoder;
import io.dsm.runtime.wire.codec.MessageHeaderDecoder;
import io.dsm.runtime.wire.codec.OwnerChangedDecoder;
import io.dsm.runtime.wire.codec.OwnerIsDecoder;
import io.dsm.runtime.wire.codec.RefuseDecoder;
import io.dsm.runtime.wire.codec.RootBindDecoder;
import io.dsm.runtime.wire.codec.RootBoundDecoder;

/**
 * Validates every inbound frame (length, schema id, version, template, block length, variable
 * data bounds, sender and field values) and hands it to the component that owns it: the protocol
 * named in a block message, the roots, the membership. A frame that fails is dropped and counted;
 * an exception in a handler is counted too. Nothing that arrives can stop the node.
 *
 * <p>Before a message that installs data reaches its protocol, every class it would instantiate
 * must be initialised here ({@link ReferenceResolver#requireInitialized}); otherwise the frame
 * comes again later, unchanged, and the protocol thread never runs a static initialiser.
 */
public final class MessageDispatcher implements FrameHandler
{
    private final int self;
    private final long members;
    private final BlockMessageHandler[] protocols;
    private final RootMessageHandler roots;
    private final MembershipMessageHandler membership;
    private final LockMessageHandler locks;
    private final ReferenceResolver resolver;
    private final PayloadCodec codec;
    private final MessageCounters counters;
    private final ErrorLog errors;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final AccessRequestDecoder accessRequest = new AccessRequestDecoder();
    private final BlockGrantDecoder blockGrant = new BlockGrantDecoder();
    private final InvalidateDecoder invalidate = new InvalidateDecoder();
    private final InvalidateAckDecoder invalidateAck = new InvalidateAckDecoder();
    private final ConfirmDecoder confirm = new ConfirmDecoder();
    private final RootBindDecoder rootBind = new RootBindDecoder();
    private final RootBoundDecoder rootBound = new RootBoundDecoder();
    private final LeaveDecoder leave = new LeaveDecoder();
    private final RefuseDecoder refuse = new RefuseDecoder();
    private final OwnerIsDecoder ownerIs = new OwnerIsDecoder();
    private final OwnerChangedDecoder ownerChanged = new OwnerChangedDecoder();
    private final FieldWriteDecoder fieldWrite = new FieldWriteDecoder();
    private final FieldWriteAckDecoder fieldWriteAck = new FieldWriteAckDecoder();
    private final LockRequestDecoder lockRequest = new LockRequestDecoder();
    private final LockForwardDecoder lockForward = new LockForwardDecoder();
    private final LockTokenDecoder lockToken = new LockTokenDecoder();
    private final LockWakeDecoder lockWake = new LockWakeDecoder();
    private final LockQueryDecoder lockQuery = new LockQueryDecoder();
    private final LockInfoDecoder lockInfo = new LockInfoDecoder();
    private final HeartbeatDecoder heartbeat = new HeartbeatDecoder();
    private final NotMemberDecoder notMember = new NotMemberDecoder();
    private final RecoveryFlushDecoder recoveryFlush = new RecoveryFlushDecoder();
    private final RecoveryReportDecoder recoveryReport = new RecoveryReportDecoder();
    private final RecoveryPlanDecoder recoveryPlan = new RecoveryPlanDecoder();
    private final int[] varOffset = new int[MessageType.MAX_VAR_FIELDS];
    /** Counts block messages per block on a profiling node, else null. */
    private volatile MessageProfile profile;

    /** Set on a profiling node before it receives anything. */
    public void profile(final MessageProfile messageProfile)
    {
        profile = messageProfile;
    }
    private final int[] varLength = new int[MessageType.MAX_VAR_FIELDS];
    private final int[] fieldsAt = new int[2 * MessageType.MAX_VAR_FIELDS];
    private final SeenRequests seen = new SeenRequests();

    /** Local (self-addressed) messages are accepted from this node only while true. */
    private boolean local;
    /** Heartbeats handled since the last {@link #takeHousekeepingFrames}: not work for the idle strategy. */
    private int housekeepingFrames;

    /** Set by a handler that found its block held for a local access: the frame must come again. */
    private boolean held;

    /**
     * @param protocols the handler of each protocol by its wire id ({@link io.dsm.api.Protocol}
     *                  ordinal); null where there is none (0, the default, is never on the wire)
     */
    public MessageDispatcher(final int self, final long members, final BlockMessageHandler[] protocols,
        final RootMessageHandler roots, final MembershipMessageHandler membership, final LockMessageHandler locks,
        final ReferenceResolver resolver,
        final PayloadCodec codec, final MessageCounters counters, final ErrorLog errors)
    {
        this.self = self;
        this.members = members;
        this.protocols = protocols.clone();
        this.roots = roots;
        this.membership = membership;
        this.locks = locks;
        this.resolver = resolver;
        this.codec = codec;
        this.counters = counters;
        this.errors = errors;
    }

    /** Heartbeats handled since the last call: an idle node must not stay hot because its peers say they live. */
    public int takeHousekeepingFrames()
    {
        final int n = housekeepingFrames;
        housekeepingFrames = 0;
        return n;
    }

    /** Dispatches a message this node sent to itself (not counted as network traffic); false as for {@link #onFrame}. */
    public boolean onLocalFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        local = true;
        try
        {
            return dispatch(buffer, offset, length);
        }
        finally
        {
            local = false;
        }
    }

    /**
     * Validates and dispatches one frame. False when the frame needs a class that is still being
     * initialised here: nothing was changed, and the frame must come again later.
     */
    @Override
    public boolean onFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        return dispatch(buffer, offset, length);
    }

    private boolean dispatch(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            drop(DropReason.TRUNCATED);
            return true;
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            drop(DropReason.WRONG_SCHEMA);
            return true;
        }
        if (header.version() != MessageHeaderDecoder.SCHEMA_VERSION)
        {
            drop(DropReason.WRONG_VERSION);
            return true;
        }
        final int templateId = header.templateId();
        final int blockLength = header.blockLength();
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int end = offset + length;
        final MessageType type = MessageType.of(templateId);
        if (type == null)
        {
            drop(DropReason.UNKNOWN_TEMPLATE);
            return true;
        }
        final int expectedBlock = type.blockLength();
        final int varFields = type.varFields();
        if (blockLength != expectedBlock || body + blockLength > end)
        {
            drop(DropReason.BAD_LENGTH);
            return true;
        }
        int p = body + blockLength;
        for (int i = 0; i < varFields; i++)
        {
            if (p + 4 > end)
            {
                drop(DropReason.BAD_LENGTH);
                return true;
            }
            final long n = buffer.getInt(p, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
            if (p + 4 + n > end)
            {
                drop(DropReason.BAD_LENGTH);
                return true;
            }
            varOffset[i] = p + 4;
            varLength[i] = (int)n;
            p += 4 + (int)n;
        }
        if (p != end)
        {
            drop(DropReason.BAD_LENGTH);
            return true;
        }
        // the sender id is the first field of every message
        final int sender = buffer.getInt(body, ByteOrder.LITTLE_ENDIAN);
        if (!isMember(sender) || (sender == self) != local)
        {
            drop(DropReason.UNKNOWN_SENDER);
            return true;
        }

        switch (membership.admit(sender, templateId))
        {
            case DROP_DEAD:
                drop(DropReason.FROM_DEAD_NODE);
                return true;
            case DROP_MOOT:
                drop(DropReason.MOOT_IN_RECOVERY);
                return true;
            case LATER:
                return false;
            default:
                break;
        }
        try
        {
            if (!dispatchValidated(buffer, body, blockLength, templateId, sender))
            {
                drop(DropReason.BAD_FIELD);
                return true;
            }
            if (held)
            {
                held = false;
                counters.onHeld();
                return false;
            }
            if (!local)
            {
                counters.onReceived(templateId);
                final MessageProfile blockProfile = profile;
                if (blockProfile != null && MessageType.blockIdOffset(templateId) >= 0)
                {
                    blockProfile.onBlockMessage(buffer.getLong(body + MessageType.blockIdOffset(templateId), ByteOrder.LITTLE_ENDIAN),
                        length, false);
                }
            }
        }
        catch (final ClassNotReadyException ex)
        {
            return false;
        }
        catch (final RuntimeException ex)
        {
            drop(DropReason.HANDLER_ERROR);
            errors.record("handling " + type.label() + " from node " + sender, ex);
        }
        return true;
    }

    private boolean dispatchValidated(
        final DirectBuffer buffer, final int body, final int blockLength, final int templateId, final int sender)
    {
        final int version = MessageHeaderDecoder.SCHEMA_VERSION;
        switch (templateId)
        {
            case AccessRequestDecoder.TEMPLATE_ID:
            {
                accessRequest.wrap(buffer, body, blockLength, version);
                final int requester = accessRequest.requester();
                final long blockId = accessRequest.blockId();
                final int access = accessRequest.accessRaw();
                final short forwarded = accessRequest.forwarded();
                final int protocol = accessRequest.protocol();
                final long requestId = accessRequest.requestId();
                if (!isMember(requester) || !BlockIds.isValid(blockId) || !isProtocol(protocol) ||
                    (access != AccessKind.READ && access != AccessKind.WRITE) || forwarded > 1 || requestId < 0 ||
                    !SeenRequests.isValid(buffer, varOffset[0], varLength[0], members))
                {
                    return false;
                }
                if (isHeldForLocalAccess(blockId))
                {
                    return true;
                }
                protocols[protocol].onAccessRequest(sender, requester, blockId, access, forwarded == 1, requestId,
                    seen.wrap(buffer, varOffset[0], varLength[0]));
                return true;
            }
            case BlockGrantDecoder.TEMPLATE_ID:
            {
                blockGrant.wrap(buffer, body, blockLength, version);
                final long blockId = blockGrant.blockId();
                final int access = blockGrant.accessRaw();
                final short withData = blockGrant.withData();
                final int protocol = blockGrant.protocol();
                if (!BlockIds.isValid(blockId) || !isProtocol(protocol) || access > AccessKind.WRITE || withData > 1)
                {
                    return false;
                }
                final String className = buffer.getStringWithoutLengthUtf8(varOffset[0], varLength[0]);
                try
                {
                    final Class<?> type = resolver.classFor(className);
                    resolver.requireInitialized(type);
                    if (withData == 1)
                    {
                        codec.requireClassesReady(ClassLayout.of(type), BlockIds.index(blockId), buffer, varOffset[1], varLength[1]);
                    }
                    protocols[protocol].onBlockGrant(sender, blockId, access, withData == 1, blockGrant.copyset(),
                        blockGrant.ownershipChanges(), className, buffer, varOffset[1], varLength[1]);
                }
                catch (final ClassNotReadyException ex)
                {
                    throw ex;
                }
                catch (final RuntimeException ex)
                {
                    // the threads waiting for this block learn why it will not come
                    final BlockMeta meta = resolver.block(blockId);
                    if (meta != null)
                    {
                        meta.failFault("node " + self + " could not install " + meta.describe() + " from node " + sender +
                            ": " + ex.getMessage());
                    }
                    throw ex;
                }
                return true;
            }
            case InvalidateDecoder.TEMPLATE_ID:
            {
                invalidate.wrap(buffer, body, blockLength, version);
                if (!BlockIds.isValid(invalidate.blockId()) || !isProtocol(invalidate.protocol()))
                {
                    return false;
                }
                if (isHeldForLocalAccess(invalidate.blockId()))
                {
                    return true;
                }
                protocols[invalidate.protocol()].onInvalidate(sender, invalidate.blockId());
                return true;
            }
            case InvalidateAckDecoder.TEMPLATE_ID:
            {
                invalidateAck.wrap(buffer, body, blockLength, version);
                if (!BlockIds.isValid(invalidateAck.blockId()) || !isProtocol(invalidateAck.protocol()))
                {
                    return false;
                }
                protocols[invalidateAck.protocol()].onInvalidateAck(sender, invalidateAck.blockId());
                return true;
            }
            case ConfirmDecoder.TEMPLATE_ID:
            {
                confirm.wrap(buffer, body, blockLength, version);
                final int access = confirm.accessRaw();
                if (!BlockIds.isValid(confirm.blockId()) || access > AccessKind.WRITE || !isProtocol(confirm.protocol()))
                {
                    return false;
                }
                protocols[confirm.protocol()].onConfirm(sender, confirm.blockId(), access);
                return true;
            }
            case RootBindDecoder.TEMPLATE_ID:
            {
                rootBind.wrap(buffer, body, blockLength, version);
                final long objectId = rootBind.objectId();
                if (objectId != 0 && !BlockIds.isValid(objectId))
                {
                    return false;
                }
                roots.onRootBind(sender, rootBind.requestId(), objectId,
                    buffer.getStringWithoutLengthUtf8(varOffset[0], varLength[0]),
                    buffer.getStringWithoutLengthUtf8(varOffset[1], varLength[1]));
                return true;
            }
            case RootBoundDecoder.TEMPLATE_ID:
            {
                rootBound.wrap(buffer, body, blockLength, version);
                final long objectId = rootBound.objectId();
                if (objectId != 0 && !BlockIds.isValid(objectId))
                {
                    return false;
                }
                roots.onRootBound(sender, rootBound.requestId(), objectId,
                    buffer.getStringWithoutLengthUtf8(varOffset[0], varLength[0]),
                    buffer.getStringWithoutLengthUtf8(varOffset[1], varLength[1]));
                return true;
            }
            case LeaveDecoder.TEMPLATE_ID:
                membership.onLeave(sender);
                return true;
            case HeartbeatDecoder.TEMPLATE_ID:
                housekeepingFrames++;
                heartbeat.wrap(buffer, body, blockLength, version);
                if ((heartbeat.dead() & ~members) != 0)
                {
                    return false;
                }
                membership.onHeartbeat(sender, heartbeat.incarnation(), heartbeat.dead());
                membership.onPeerLayout(sender, buffer, varOffset[0], varLength[0]);
                return true;
            case NotMemberDecoder.TEMPLATE_ID:
                notMember.wrap(buffer, body, blockLength, version);
                if ((notMember.dead() & ~members) != 0)
                {
                    return false;
                }
                membership.onNotMember(sender, notMember.incarnation(), notMember.dead());
                return true;
            case RecoveryFlushDecoder.TEMPLATE_ID:
                recoveryFlush.wrap(buffer, body, blockLength, version);
                if ((recoveryFlush.dead() & ~members) != 0)
                {
                    return false;
                }
                membership.onRecoveryFlush(sender, recoveryFlush.dead());
                return true;
            case RecoveryReportDecoder.TEMPLATE_ID:
                recoveryReport.wrap(buffer, body, blockLength, version);
                if ((recoveryReport.dead() & ~members) != 0 || recoveryReport.last() > 1 ||
                    !RecoveryEntries.isReport(buffer, varOffset[0], varLength[0], members) ||
                    !RecoveryEntries.isRoots(buffer, varOffset[1], varLength[1]) ||
                    !RecoveryEntries.isLockReport(buffer, varOffset[2], varLength[2]))
                {
                    return false;
                }
                membership.onRecoveryReport(sender, recoveryReport.dead(), recoveryReport.last() == 1, recoveryReport.applied(),
                    buffer, fields());
                return true;
            case RecoveryPlanDecoder.TEMPLATE_ID:
                recoveryPlan.wrap(buffer, body, blockLength, version);
                if ((recoveryPlan.dead() & ~members) != 0 || recoveryPlan.last() > 1 || !isMember(recoveryPlan.sequencer()) ||
                    !RecoveryEntries.isPlan(buffer, varOffset[0], varLength[0], members) ||
                    !RecoveryEntries.isRoots(buffer, varOffset[1], varLength[1]) ||
                    !RecoveryEntries.isLockPlan(buffer, varOffset[2], varLength[2], members))
                {
                    return false;
                }
                membership.onRecoveryPlan(sender, recoveryPlan.dead(), recoveryPlan.last() == 1, recoveryPlan.sequencer(),
                    recoveryPlan.sequence(), buffer, fields());
                return true;
            case RefuseDecoder.TEMPLATE_ID:
            {
                refuse.wrap(buffer, body, blockLength, version);
                if (!BlockIds.isValid(refuse.blockId()) || !isProtocol(refuse.protocol()))
                {
                    return false;
                }
                protocols[refuse.protocol()].onRefuse(sender, refuse.blockId(),
                    buffer.getStringWithoutLengthUtf8(varOffset[0], varLength[0]));
                return true;
            }
            case OwnerIsDecoder.TEMPLATE_ID:
            {
                ownerIs.wrap(buffer, body, blockLength, version);
                final int access = ownerIs.accessRaw();
                if (!BlockIds.isValid(ownerIs.blockId()) || !isMember(ownerIs.owner()) || !isProtocol(ownerIs.protocol()) ||
                    (access != AccessKind.READ && access != AccessKind.WRITE))
                {
                    return false;
                }
                protocols[ownerIs.protocol()].onOwnerIs(sender, ownerIs.blockId(), ownerIs.owner(), access);
                return true;
            }
            case OwnerChangedDecoder.TEMPLATE_ID:
            {
                ownerChanged.wrap(buffer, body, blockLength, version);
                if (!BlockIds.isValid(ownerChanged.blockId()) || !isMember(ownerChanged.owner()) ||
                    !isProtocol(ownerChanged.protocol()))
                {
                    return false;
                }
                protocols[ownerChanged.protocol()].onOwnerChanged(sender, ownerChanged.blockId(), ownerChanged.owner());
                return true;
            }
            case FieldWriteDecoder.TEMPLATE_ID:
            {
                fieldWrite.wrap(buffer, body, blockLength, version);
                if (!BlockIds.isValid(fieldWrite.blockId()) || !isMember(fieldWrite.writer()) ||
                    !isProtocol(fieldWrite.protocol()) || fieldWrite.sequence() < 0)
                {
                    return false;
                }
                final String className = buffer.getStringWithoutLengthUtf8(varOffset[0], varLength[0]);
                codec.requireClassReady(ClassLayout.of(resolver.classFor(className)), fieldWrite.slot(), buffer,
                    varOffset[1], varLength[1]);
                protocols[fieldWrite.protocol()].onFieldWrite(sender, fieldWrite.writer(), fieldWrite.blockId(),
                    className, fieldWrite.requestId(),
                    fieldWrite.sequence(), fieldWrite.slot(), buffer, varOffset[1], varLength[1]);
                return true;
            }
            case FieldWriteAckDecoder.TEMPLATE_ID:
            {
                fieldWriteAck.wrap(buffer, body, blockLength, version);
                if (!BlockIds.isValid(fieldWriteAck.blockId()) || !isProtocol(fieldWriteAck.protocol()))
                {
                    return false;
                }
                protocols[fieldWriteAck.protocol()].onFieldWriteAck(sender, fieldWriteAck.blockId(), fieldWriteAck.requestId());
                return true;
            }
            case LockRequestDecoder.TEMPLATE_ID:
            {
                lockRequest.wrap(buffer, body, blockLength, version);
                if (!BlockIds.isValid(lockRequest.lockId()))
                {
                    return false;
                }
                locks.onLockRequest(sender, lockRequest.lockId());
                return true;
            }
            case LockForwardDecoder.TEMPLATE_ID:
            {
                lockForward.wrap(buffer, body, blockLength, version);
                if (!BlockIds.isValid(lockForward.lockId()) || !isMember(lockForward.requester()))
                {
                    return false;
                }
                locks.onLockForward(sender, lockForward.lockId(), lockForward.requester());
                return true;
            }
            case LockTokenDecoder.TEMPLATE_ID:
            {
                lockToken.wrap(buffer, body, blockLength, version);
                if (!BlockIds.isValid(lockToken.lockId()) || lockToken.epoch() < 0 ||
                    !isWaitSet(buffer, varOffset[0], varLength[0]))
                {
                    return false;
                }
                locks.onLockToken(sender, lockToken.lockId(), lockToken.epoch(), lockToken.mark(), buffer, varOffset[0],
                    varLength[0]);
                return true;
            }
            case LockWakeDecoder.TEMPLATE_ID:
            {
                lockWake.wrap(buffer, body, blockLength, version);
                if (!BlockIds.isValid(lockWake.lockId()) || varLength[0] % 8 != 0)
                {
                    return false;
                }
                locks.onLockWake(sender, lockWake.lockId(), buffer, varOffset[0], varLength[0]);
                return true;
            }
            case LockQueryDecoder.TEMPLATE_ID:
            {
                lockQuery.wrap(buffer, body, blockLength, version);
                if (!BlockIds.isValid(lockQuery.lockId()) || !isMember(lockQuery.about()))
                {
                    return false;
                }
                locks.onLockQuery(sender, lockQuery.lockId(), lockQuery.queryId(), lockQuery.about());
                return true;
            }
            case LockInfoDecoder.TEMPLATE_ID:
            {
                lockInfo.wrap(buffer, body, blockLength, version);
                final int predecessor = lockInfo.predecessor();
                if (!BlockIds.isValid(lockInfo.lockId()) || (predecessor != -1 && !isMember(predecessor)) ||
                    lockInfo.holds() > 1)
                {
                    return false;
                }
                locks.onLockInfo(sender, lockInfo.lockId(), lockInfo.queryId(), predecessor, lockInfo.holds() == 1,
                    buffer.getStringWithoutLengthUtf8(varOffset[0], varLength[0]));
                return true;
            }
            default:
                return false;
        }
    }

    /** The variable fields' offsets and lengths, interleaved, for a handler that keeps none of it. */
    private int[] fields()
    {
        for (int i = 0; i < MessageType.MAX_VAR_FIELDS; i++)
        {
            fieldsAt[2 * i] = varOffset[i];
            fieldsAt[2 * i + 1] = varLength[i];
        }
        return fieldsAt;
    }

    /**
     * A request or invalidation that could take a block away waits while a local thread that was
     * just granted the block has not made its access (bounded: see {@link BlockMeta#isHeld}); the
     * frame comes again, and the sender's later frames wait behind it for those microseconds.
     */
    private boolean isHeldForLocalAccess(final long blockId)
    {
        final BlockMeta meta = resolver.block(blockId);
        held = meta != null && meta.isHeld(System.nanoTime());
        return held;
    }

    private boolean isProtocol(final int protocol)
    {
        return protocol >= 0 && protocol < protocols.length && protocols[protocol] != null;
    }

    /** 9-byte entries of a member node and a non-negative waiter id. */
    private boolean isWaitSet(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length % 9 != 0)
        {
            return false;
        }
        for (int p = offset; p < offset + length; p += 9)
        {
            if (!isMember(buffer.getByte(p) & 0xFF) || buffer.getLong(p + 1, ByteOrder.LITTLE_ENDIAN) < 0)
            {
                return false;
            }
        }
        return true;
    }

    private boolean isMember(final int node)
    {
        return node >= 0 && node < 64 && (members & (1L << node)) != 0;
    }

    private void drop(final DropReason reason)
    {
        counters.onDropped(reason);
    }
}
