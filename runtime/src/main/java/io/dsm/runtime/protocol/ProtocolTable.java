package io.dsm.runtime.protocol;

import io.dsm.api.Protocol;
import io.dsm.runtime.block.ClassLayout;
import io.dsm.runtime.config.NodeConfig;
import io.dsm.runtime.wire.BlockMessageHandler;

/**
 * A node's instance of every protocol, by wire id (the {@link Protocol} ordinal), and the
 * protocol that serves a class: the one it declares, else the cluster's default.
 */
public final class ProtocolTable
{
    private final CoherenceProtocol[] protocols = new CoherenceProtocol[Protocol.values().length];
    private final CoherenceProtocol defaultProtocol;

    public ProtocolTable(final ProtocolContext context)
    {
        for (final Protocol kind : Protocol.values())
        {
            if (kind != Protocol.DEFAULT)
            {
                protocols[kind.ordinal()] = create(kind, context);
            }
        }
        defaultProtocol = protocols[context.config().protocol().ordinal()];
    }

    private static CoherenceProtocol create(final Protocol kind, final ProtocolContext context)
    {
        final NodeConfig config = context.config();
        final int[] members = config.members().keySet().stream().mapToInt(Integer::intValue).toArray();
        switch (kind)
        {
            case CENTRAL_SERVER: return new CentralServerProtocol(context);
            case MIGRATION: return new MigrationProtocol(context);
            case IVY_BROADCAST: return new BroadcastProtocol(context);
            case IVY_CENTRAL_MANAGER: return new CentralManagerProtocol(context);
            case IVY_FORWARDING_MANAGER:
                return new ForwardingManagerProtocol(kind, context, ManagerLocator.central(config.managerNode()));
            case IVY_FIXED_LOW_BITS:
                return new ForwardingManagerProtocol(kind, context, ManagerLocator.lowBits(members));
            case IVY_FIXED_HIGH_BITS:
                return new ForwardingManagerProtocol(kind, context, ManagerLocator.highBits(members));
            case IVY_FIXED_HASH:
                return new ForwardingManagerProtocol(kind, context, ManagerLocator.hash(members));
            case IVY_DYNAMIC: return new DynamicManagerProtocol(context);
            case FULL_REPLICATION: return new FullReplicationProtocol(context);
            default: throw new IllegalArgumentException("no protocol for " + kind);
        }
    }

    /** The protocol instance that serves blocks of this layout on this node. */
    public CoherenceProtocol forLayout(final ClassLayout layout)
    {
        final Protocol declared = layout.protocol();
        return declared == Protocol.DEFAULT ? defaultProtocol : protocols[declared.ordinal()];
    }

    /** The protocol with this wire id, or null. */
    public CoherenceProtocol byWireId(final int wire)
    {
        return wire >= 0 && wire < protocols.length ? protocols[wire] : null;
    }

    /** Every protocol instance of this node. */
    public java.util.List<CoherenceProtocol> all()
    {
        final java.util.List<CoherenceProtocol> all = new java.util.ArrayList<>();
        for (final CoherenceProtocol p : protocols)
        {
            if (p != null)
            {
                all.add(p);
            }
        }
        return all;
    }

    /** This node's instance of {@code kind} (not {@link Protocol#DEFAULT}). */
    public CoherenceProtocol get(final Protocol kind)
    {
        return protocols[kind.ordinal()];
    }

    /** What a cluster lock hand-off adds so the next holder sees the last one's writes (full replication's mark). */
    public ConsistencyFence fence()
    {
        return (FullReplicationProtocol)protocols[Protocol.FULL_REPLICATION.ordinal()];
    }

    /** Full replication's sequencer, for recovery. */
    public SequencerRole sequencerRole()
    {
        return (FullReplicationProtocol)protocols[Protocol.FULL_REPLICATION.ordinal()];
    }

    /** The block-message handlers by wire id, for the dispatcher. */
    public BlockMessageHandler[] handlers()
    {
        return protocols.clone();
    }

    /** Timed work of every protocol, once per duty cycle of the agent. */
    public int doWork()
    {
        int work = 0;
        for (final CoherenceProtocol p : protocols)
        {
            if (p != null)
            {
                work += p.doWork();
            }
        }
        return work;
    }
}
