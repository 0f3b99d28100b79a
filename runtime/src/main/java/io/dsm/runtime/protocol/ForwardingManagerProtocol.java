package io.dsm.runtime.protocol;

import io.dsm.api.Protocol;
import io.dsm.runtime.wire.Outbox;

/**
 * Read replication where the manager forwards each request to the owner, which answers the
 * requester directly (Tanenbaum's three-message protocol plus the confirmation that ends the
 * manager's serialisation, as in Li and Hudak's centralized manager, 1989):
 *
 * <pre>
 * read fault:  requester -> manager: AccessRequest(READ)
 *              manager   -> owner:   AccessRequest(READ, forwarded)
 *              owner     -> requester: BlockGrant(READ, data)      owner keeps a read copy
 *              requester -> manager: Confirm(READ)                 manager adds requester to copyset
 * write fault: requester -> manager: AccessRequest(WRITE)
 *              manager   -> each copy holder: Invalidate, holder -> manager: InvalidateAck
 *              manager   -> owner:   AccessRequest(WRITE, forwarded)
 *              owner     -> requester: BlockGrant(WRITE, data)     ownership moves
 *              requester -> manager: Confirm(WRITE)                manager records the new owner
 * </pre>
 *
 * With a {@link ManagerLocator} other than {@link ManagerLocator#central} this is the fixed
 * distributed manager: the same algorithm, each block managed by the node its id maps to.
 */
final class ForwardingManagerProtocol extends ManagedReadReplication
{
    ForwardingManagerProtocol(final Protocol kind, final ProtocolContext context,
        final ManagerLocator locator)
    {
        super(kind, context, locator);
    }

    @Override
    void connect(final Entry e, final long blockId)
    {
        outbox.accessRequest(wire, e.owner, e.requester, blockId, e.access, true);
    }
}
