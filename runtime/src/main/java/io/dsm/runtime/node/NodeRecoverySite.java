package io.dsm.runtime.node;

import java.util.Collection;
import java.util.List;

import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.protocol.CoherenceProtocol;
import io.dsm.runtime.protocol.ProtocolTable;
import io.dsm.runtime.protocol.SequencerRole;
import io.dsm.runtime.recovery.RecoverySite;
import io.dsm.runtime.sync.LockService;
import io.dsm.runtime.wire.RecoveryEntries;

/** The node's block table, protocols and roots as a recovery round sees them. */
public record NodeRecoverySite(BlockTable table, ProtocolTable protocolTable, Roots roots, LockService locks)
    implements RecoverySite
{
    @Override
    public Collection<BlockMeta> blocks()
    {
        return table.all();
    }

    @Override
    public BlockMeta block(final long blockId)
    {
        return table.block(blockId);
    }

    @Override
    public CoherenceProtocol protocol(final int wireId)
    {
        return protocolTable.byWireId(wireId);
    }

    @Override
    public List<CoherenceProtocol> protocols()
    {
        return protocolTable.all();
    }

    @Override
    public SequencerRole sequencer()
    {
        return protocolTable.sequencerRole();
    }

    @Override
    public void forEachRoot(final RecoveryEntries.RootVisitor visitor)
    {
        roots.forEachRoot(visitor);
    }

    @Override
    public void adoptRoot(final String name, final long id, final String className)
    {
        roots.adopt(name, id, className);
    }

    @Override
    public void rootsRecovered()
    {
        roots.askAgain();
    }
}
