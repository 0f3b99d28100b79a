package io.dsm.runtime.wire;

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
import io.dsm.runtime.wire.codec.OwnerChangedDecoder;
import io.dsm.runtime.wire.codec.OwnerIsDecoder;
import io.dsm.runtime.wire.codec.RefuseDecoder;
import io.dsm.runtime.wire.codec.RootBindDecoder;
import io.dsm.runtime.wire.codec.RootBoundDecoder;

/**
 * Every message type, written once: its SBE template id, the name counters and errors use, its
 * fixed block length and how many variable-length fields follow. The dispatcher validates frames
 * against this table; a template id used twice stops the class from loading.
 */
public enum MessageType
{
    ACCESS_REQUEST(AccessRequestDecoder.TEMPLATE_ID, "AccessRequest", AccessRequestDecoder.BLOCK_LENGTH, 1),
    BLOCK_GRANT(BlockGrantDecoder.TEMPLATE_ID, "BlockGrant", BlockGrantDecoder.BLOCK_LENGTH, 2),
    INVALIDATE(InvalidateDecoder.TEMPLATE_ID, "Invalidate", InvalidateDecoder.BLOCK_LENGTH, 0),
    INVALIDATE_ACK(InvalidateAckDecoder.TEMPLATE_ID, "InvalidateAck", InvalidateAckDecoder.BLOCK_LENGTH, 0),
    CONFIRM(ConfirmDecoder.TEMPLATE_ID, "Confirm", ConfirmDecoder.BLOCK_LENGTH, 0),
    ROOT_BIND(RootBindDecoder.TEMPLATE_ID, "RootBind", RootBindDecoder.BLOCK_LENGTH, 2),
    ROOT_BOUND(RootBoundDecoder.TEMPLATE_ID, "RootBound", RootBoundDecoder.BLOCK_LENGTH, 2),
    LEAVE(LeaveDecoder.TEMPLATE_ID, "Leave", LeaveDecoder.BLOCK_LENGTH, 0),
    REFUSE(RefuseDecoder.TEMPLATE_ID, "Refuse", RefuseDecoder.BLOCK_LENGTH, 1),
    OWNER_IS(OwnerIsDecoder.TEMPLATE_ID, "OwnerIs", OwnerIsDecoder.BLOCK_LENGTH, 0),
    OWNER_CHANGED(OwnerChangedDecoder.TEMPLATE_ID, "OwnerChanged", OwnerChangedDecoder.BLOCK_LENGTH, 0),
    FIELD_WRITE(FieldWriteDecoder.TEMPLATE_ID, "FieldWrite", FieldWriteDecoder.BLOCK_LENGTH, 2),
    FIELD_WRITE_ACK(FieldWriteAckDecoder.TEMPLATE_ID, "FieldWriteAck", FieldWriteAckDecoder.BLOCK_LENGTH, 0),
    LOCK_REQUEST(LockRequestDecoder.TEMPLATE_ID, "LockRequest", LockRequestDecoder.BLOCK_LENGTH, 0),
    LOCK_FORWARD(LockForwardDecoder.TEMPLATE_ID, "LockForward", LockForwardDecoder.BLOCK_LENGTH, 0),
    LOCK_TOKEN(LockTokenDecoder.TEMPLATE_ID, "LockToken", LockTokenDecoder.BLOCK_LENGTH, 1),
    LOCK_WAKE(LockWakeDecoder.TEMPLATE_ID, "LockWake", LockWakeDecoder.BLOCK_LENGTH, 1),
    LOCK_QUERY(LockQueryDecoder.TEMPLATE_ID, "LockQuery", LockQueryDecoder.BLOCK_LENGTH, 0),
    LOCK_INFO(LockInfoDecoder.TEMPLATE_ID, "LockInfo", LockInfoDecoder.BLOCK_LENGTH, 1),
    HEARTBEAT(HeartbeatDecoder.TEMPLATE_ID, "Heartbeat", HeartbeatDecoder.BLOCK_LENGTH, 1),
    NOT_MEMBER(NotMemberDecoder.TEMPLATE_ID, "NotMember", NotMemberDecoder.BLOCK_LENGTH, 0),
    RECOVERY_FLUSH(RecoveryFlushDecoder.TEMPLATE_ID, "RecoveryFlush", RecoveryFlushDecoder.BLOCK_LENGTH, 0),
    RECOVERY_REPORT(RecoveryReportDecoder.TEMPLATE_ID, "RecoveryReport", RecoveryReportDecoder.BLOCK_LENGTH, 3),
    RECOVERY_PLAN(RecoveryPlanDecoder.TEMPLATE_ID, "RecoveryPlan", RecoveryPlanDecoder.BLOCK_LENGTH, 3);

    /** The most variable-length fields any message has. */
    static final int MAX_VAR_FIELDS = 3;

    private static final MessageType[] BY_TEMPLATE;

    static
    {
        int max = 0;
        for (final MessageType t : values())
        {
            max = Math.max(max, t.templateId);
        }
        BY_TEMPLATE = new MessageType[max + 1];
        for (final MessageType t : values())
        {
            if (t.templateId < 1 || BY_TEMPLATE[t.templateId] != null)
            {
                throw new IllegalStateException("template id " + t.templateId + " of " + t.label + " is used twice or invalid");
            }
            if (t.varFields > MAX_VAR_FIELDS)
            {
                throw new IllegalStateException(t.label + " has more than " + MAX_VAR_FIELDS + " variable-length fields");
            }
            BY_TEMPLATE[t.templateId] = t;
        }
    }

    private final int templateId;
    private final String label;
    private final int blockLength;
    private final int varFields;

    MessageType(final int templateId, final String label, final int blockLength, final int varFields)
    {
        this.templateId = templateId;
        this.label = label;
        this.blockLength = blockLength;
        this.varFields = varFields;
    }

    public int templateId()
    {
        return templateId;
    }

    /** The type's name in counters, logs and the benchmarks' tables. */
    public String label()
    {
        return label;
    }

    int blockLength()
    {
        return blockLength;
    }

    int varFields()
    {
        return varFields;
    }

    /**
     * Whether the template is a message of the coherence protocols or a lock hand-off, whose frames a
     * recovery round orders (acted on before their sender's flush, kept for after the round once it
     * came, and which a node does not send while a round runs); value writes, roots, wake-ups, lock diagnostics and membership are not. Value writes keep
     * flowing during a round (their writers wait for them and nobody asks them again): a value write
     * kept back would hold its sender's later frames, the round's report among them, and the round
     * would never end.
     */
    public static boolean isBlockMessage(final int templateId)
    {
        final MessageType t = of(templateId);
        return t != null && (t.ordinal() <= OWNER_CHANGED.ordinal() && t != ROOT_BIND && t != ROOT_BOUND && t != LEAVE ||
            t == LOCK_REQUEST || t == LOCK_FORWARD || t == LOCK_TOKEN);
    }


    /**
     * Where the block id sits in the message body, or -1 for messages that are not about one block
     * (the profile counts block messages per block).
     */
    public static int blockIdOffset(final int templateId)
    {
        final MessageType t = of(templateId);
        if (t == ACCESS_REQUEST || t == FIELD_WRITE)
        {
            return 8; // after sender and requester/writer
        }
        return t == BLOCK_GRANT || t == INVALIDATE || t == INVALIDATE_ACK || t == CONFIRM || t == REFUSE ||
            t == OWNER_IS || t == OWNER_CHANGED || t == FIELD_WRITE_ACK ? 4 : -1;
    }

    /** The type with this template id, or null. */
    public static MessageType of(final int templateId)
    {
        return templateId >= 0 && templateId < BY_TEMPLATE.length ? BY_TEMPLATE[templateId] : null;
    }

    /** Labels indexed by template id; unused ids are empty. */
    static String[] labelsByTemplate()
    {
        final String[] labels = new String[BY_TEMPLATE.length];
        for (int i = 0; i < labels.length; i++)
        {
            labels[i] = BY_TEMPLATE[i] == null ? "" : BY_TEMPLATE[i].label;
        }
        return labels;
    }
}
