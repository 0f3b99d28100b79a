package io.dsm.runtime.wire;

import org.agrona.DirectBuffer;

/** Membership messages (leaving, heartbeats, recovery rounds), validated, on the node's protocol agent thread. */
public interface MembershipMessageHandler
{
    /** The sender is done with the cluster; it keeps serving until every peer is done too. */
    void onLeave(int sender);

    /** The sender is alive; {@code dead}: the nodes it has declared dead. */
    void onHeartbeat(int sender, long incarnation, long dead);

    /** The layout text a peer's heartbeat carries (after its {@link #onHeartbeat}). */
    void onPeerLayout(int sender, org.agrona.DirectBuffer buffer, int offset, int length);

    /** The sender's view has this node's id among the dead ({@code incarnation}: the process it refused). */
    void onNotMember(int sender, long incarnation, long dead);

    void onRecoveryFlush(int sender, long dead);

    /** {@code at}: offset and length of the blocks, roots and locks fields, in that order (6 values). */
    void onRecoveryReport(int sender, long dead, boolean last, long applied, DirectBuffer buffer, int[] at);

    /** {@code at}: offset and length of the blocks, roots and locks fields, in that order (6 values). */
    void onRecoveryPlan(int sender, long dead, boolean last, int sequencer, long sequence, DirectBuffer buffer, int[] at);

    /**
     * What to do with a frame from {@code sender} of this template before it is acted on: any
     * message of a node declared dead is dropped; during a recovery round, block messages are
     * acted on, dropped as moot or kept for after the round (see {@link Admission}).
     */
    Admission admit(int sender, int templateId);

    /** The membership's verdict on one inbound frame. */
    enum Admission
    {
        /** Act on it. */
        ACT,
        /** Drop it: it comes from a node declared dead. */
        DROP_DEAD,
        /** Drop it: a recovery round runs and rebuilds what it would change; its fault is asked again. */
        DROP_MOOT,
        /** Keep it for after the round (it was sent after its sender's part of the round). */
        LATER
    }
}
