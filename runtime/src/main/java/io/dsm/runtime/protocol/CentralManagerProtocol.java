package io.dsm.runtime.protocol;

import io.dsm.api.Protocol;
import io.dsm.runtime.wire.Outbox;

/**
 * Read replication with the four-message central manager (Tanenbaum, Fig. 6-28a): the manager
 * answers "the owner is O" and the requester asks O itself.
 *
 * <pre>
 * requester -> manager:   AccessRequest           (a write first invalidates the copyset: 2c messages)
 * manager   -> requester: OwnerIs(O)
 * requester -> owner:     AccessRequest(forwarded)
 * owner     -> requester: BlockGrant(data)
 * requester -> manager:   Confirm                 ends the manager's serialisation of the block
 * </pre>
 */
final class CentralManagerProtocol extends ManagedReadReplication
{
    CentralManagerProtocol(final ProtocolContext context)
    {
        super(Protocol.IVY_CENTRAL_MANAGER, context, ManagerLocator.central(context.config().managerNode()));
    }

    @Override
    void connect(final Entry e, final long blockId)
    {
        outbox.ownerIs(wire, e.requester, blockId, e.owner, e.access);
    }

    @Override
    public void onOwnerIs(final int sender, final long blockId, final int owner, final int access)
    {
        outbox.accessRequest(wire, owner, self, blockId, access, true);
    }
}
