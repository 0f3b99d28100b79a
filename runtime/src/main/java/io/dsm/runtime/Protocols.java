package io.dsm.runtime;

import io.dsm.api.Protocol;

/** Creates a node's instance of each protocol. */
final class Protocols
{
    private Protocols()
    {
    }

    static CoherenceProtocol create(final Protocol kind, final DsmNode node, final Outbox outbox, final NodeConfig config)
    {
        final int[] members = config.members().keySet().stream().mapToInt(Integer::intValue).toArray();
        switch (kind)
        {
            case CENTRAL_SERVER: return new CentralServerProtocol(node, outbox, config);
            case MIGRATION: return new MigrationProtocol(node, outbox, config);
            case IVY_BROADCAST: return new BroadcastProtocol(node, outbox, config);
            case IVY_CENTRAL_MANAGER: return new LookupManagerProtocol(node, outbox, config);
            case IVY_FORWARDING_MANAGER:
                return new ForwardingManagerProtocol(kind, node, outbox, config, ManagerLocator.central(config.managerNode()));
            case IVY_FIXED_LOW_BITS:
                return new ForwardingManagerProtocol(kind, node, outbox, config, ManagerLocator.lowBits(members));
            case IVY_FIXED_HIGH_BITS:
                return new ForwardingManagerProtocol(kind, node, outbox, config, ManagerLocator.highBits(members));
            case IVY_FIXED_HASH:
                return new ForwardingManagerProtocol(kind, node, outbox, config, ManagerLocator.hash(members));
            case IVY_DYNAMIC: return new DynamicManagerProtocol(node, outbox, config);
            case FULL_REPLICATION: return new FullReplicationProtocol(node, outbox, config);
            default: throw new IllegalArgumentException("no protocol for " + kind);
        }
    }
}
