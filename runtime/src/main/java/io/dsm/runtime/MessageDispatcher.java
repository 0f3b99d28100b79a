package io.dsm.runtime;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

import io.dsm.runtime.MessageCounters.DropReason;
import io.dsm.runtime.codec.AccessRequestDecoder;
import io.dsm.runtime.codec.BlockGrantDecoder;
import io.dsm.runtime.codec.ConfirmDecoder;
import io.dsm.runtime.codec.FieldWriteAckDecoder;
import io.dsm.runtime.codec.FieldWriteDecoder;
import io.dsm.runtime.codec.OwnerChangedDecoder;
import io.dsm.runtime.codec.OwnerIsDecoder;
import io.dsm.runtime.codec.InvalidateAckDecoder;
import io.dsm.runtime.codec.InvalidateDecoder;
import io.dsm.runtime.codec.LeaveDecoder;
import io.dsm.runtime.codec.MessageHeaderDecoder;
import io.dsm.runtime.codec.RefuseDecoder;
import io.dsm.runtime.codec.RootBindDecoder;
import io.dsm.runtime.codec.RootBoundDecoder;
import io.dsm.runtime.transport.FrameHandler;

/**
 * Validates every inbound frame (length, schema id, version, template, block length, variable
 * data bounds, sender and field values) before it reaches the {@link MessageListener}. A frame
 * that fails is dropped and counted; an exception in a handler is counted too. Nothing that
 * arrives can stop the node.
 */
final class MessageDispatcher implements FrameHandler
{
    private static final int MAX_VAR_FIELDS = 2;

    private final int self;
    private final long members;
    private final MessageListener listener;
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
    private static final int PROTOCOLS = io.dsm.api.Protocol.values().length;
    private final int[] varOffset = new int[MAX_VAR_FIELDS];
    private final int[] varLength = new int[MAX_VAR_FIELDS];
    private final SeenRequests seen = new SeenRequests();

    /** Local (self-addressed) messages are accepted from this node only while true. */
    private boolean local;

    MessageDispatcher(
        final int self, final long members, final MessageListener listener, final MessageCounters counters, final ErrorLog errors)
    {
        this.self = self;
        this.members = members;
        this.listener = listener;
        this.counters = counters;
        this.errors = errors;
    }

    /** Dispatches a message this node sent to itself (not counted as network traffic); false as for {@link #onFrame}. */
    boolean onLocalFrame(final DirectBuffer buffer, final int offset, final int length)
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
        final int expectedBlock;
        final int varFields;
        switch (templateId)
        {
            case AccessRequestDecoder.TEMPLATE_ID: expectedBlock = AccessRequestDecoder.BLOCK_LENGTH; varFields = 1; break;
            case BlockGrantDecoder.TEMPLATE_ID: expectedBlock = BlockGrantDecoder.BLOCK_LENGTH; varFields = 2; break;
            case InvalidateDecoder.TEMPLATE_ID: expectedBlock = InvalidateDecoder.BLOCK_LENGTH; varFields = 0; break;
            case InvalidateAckDecoder.TEMPLATE_ID: expectedBlock = InvalidateAckDecoder.BLOCK_LENGTH; varFields = 0; break;
            case ConfirmDecoder.TEMPLATE_ID: expectedBlock = ConfirmDecoder.BLOCK_LENGTH; varFields = 0; break;
            case RootBindDecoder.TEMPLATE_ID: expectedBlock = RootBindDecoder.BLOCK_LENGTH; varFields = 2; break;
            case RootBoundDecoder.TEMPLATE_ID: expectedBlock = RootBoundDecoder.BLOCK_LENGTH; varFields = 2; break;
            case LeaveDecoder.TEMPLATE_ID: expectedBlock = LeaveDecoder.BLOCK_LENGTH; varFields = 0; break;
            case RefuseDecoder.TEMPLATE_ID: expectedBlock = RefuseDecoder.BLOCK_LENGTH; varFields = 1; break;
            case OwnerIsDecoder.TEMPLATE_ID: expectedBlock = OwnerIsDecoder.BLOCK_LENGTH; varFields = 0; break;
            case OwnerChangedDecoder.TEMPLATE_ID: expectedBlock = OwnerChangedDecoder.BLOCK_LENGTH; varFields = 0; break;
            case FieldWriteDecoder.TEMPLATE_ID: expectedBlock = FieldWriteDecoder.BLOCK_LENGTH; varFields = 2; break;
            case FieldWriteAckDecoder.TEMPLATE_ID: expectedBlock = FieldWriteAckDecoder.BLOCK_LENGTH; varFields = 0; break;
            default:
                drop(DropReason.UNKNOWN_TEMPLATE);
                return true;
        }
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

        try
        {
            if (!dispatchValidated(buffer, body, blockLength, templateId, sender))
            {
                drop(DropReason.BAD_FIELD);
                return true;
            }
            if (!local)
            {
                counters.onReceived(templateId);
            }
        }
        catch (final ClassNotReadyException ex)
        {
            return false;
        }
        catch (final RuntimeException ex)
        {
            drop(DropReason.HANDLER_ERROR);
            errors.record("handling " + MessageCounters.TYPES[templateId] + " from node " + sender, ex);
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
                listener.onAccessRequest(protocol, sender, requester, blockId, access, forwarded == 1, requestId,
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
                listener.onBlockGrant(protocol, sender, blockId, access, withData == 1, blockGrant.copyset(),
                    blockGrant.ownershipChanges(), className,
                    buffer, varOffset[1], varLength[1]);
                return true;
            }
            case InvalidateDecoder.TEMPLATE_ID:
            {
                invalidate.wrap(buffer, body, blockLength, version);
                if (!BlockIds.isValid(invalidate.blockId()) || !isProtocol(invalidate.protocol()))
                {
                    return false;
                }
                listener.onInvalidate(invalidate.protocol(), sender, invalidate.blockId());
                return true;
            }
            case InvalidateAckDecoder.TEMPLATE_ID:
            {
                invalidateAck.wrap(buffer, body, blockLength, version);
                if (!BlockIds.isValid(invalidateAck.blockId()) || !isProtocol(invalidateAck.protocol()))
                {
                    return false;
                }
                listener.onInvalidateAck(invalidateAck.protocol(), sender, invalidateAck.blockId());
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
                listener.onConfirm(confirm.protocol(), sender, confirm.blockId(), access);
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
                listener.onRootBind(sender, rootBind.requestId(), objectId,
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
                listener.onRootBound(sender, rootBound.requestId(), objectId,
                    buffer.getStringWithoutLengthUtf8(varOffset[0], varLength[0]),
                    buffer.getStringWithoutLengthUtf8(varOffset[1], varLength[1]));
                return true;
            }
            case LeaveDecoder.TEMPLATE_ID:
                listener.onLeave(sender);
                return true;
            case RefuseDecoder.TEMPLATE_ID:
            {
                refuse.wrap(buffer, body, blockLength, version);
                if (!BlockIds.isValid(refuse.blockId()) || !isProtocol(refuse.protocol()))
                {
                    return false;
                }
                listener.onRefuse(refuse.protocol(), sender, refuse.blockId(),
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
                listener.onOwnerIs(ownerIs.protocol(), sender, ownerIs.blockId(), ownerIs.owner(), access);
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
                listener.onOwnerChanged(ownerChanged.protocol(), sender, ownerChanged.blockId(), ownerChanged.owner());
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
                listener.onFieldWrite(fieldWrite.protocol(), sender, fieldWrite.writer(), fieldWrite.blockId(),
                    buffer.getStringWithoutLengthUtf8(varOffset[0], varLength[0]), fieldWrite.requestId(),
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
                listener.onFieldWriteAck(fieldWriteAck.protocol(), sender, fieldWriteAck.blockId(), fieldWriteAck.requestId());
                return true;
            }
            default:
                return false;
        }
    }

    private static boolean isProtocol(final int protocol)
    {
        return protocol > 0 && protocol < PROTOCOLS; // 0 is DEFAULT, never on the wire
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
