package io.dsm.runtime.wire;

/** Membership messages, validated, on the node's protocol agent thread. */
@FunctionalInterface
public interface MembershipMessageHandler
{
    /** The sender is done with the cluster; it keeps serving until every peer is done too. */
    void onLeave(int sender);
}
