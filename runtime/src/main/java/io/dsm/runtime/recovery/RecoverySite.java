package io.dsm.runtime.recovery;

import java.util.Collection;

import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.protocol.CoherenceProtocol;
import io.dsm.runtime.protocol.SequencerRole;
import io.dsm.runtime.sync.LockService;
import io.dsm.runtime.wire.RecoveryEntries;

/** What a recovery round sees of its node: its blocks, its protocols and its named roots. */
public interface RecoverySite
{
    Collection<BlockMeta> blocks();

    BlockMeta block(long blockId);

    /** The protocol with this wire id, or null. */
    CoherenceProtocol protocol(int wireId);

    /** Every protocol this node runs. */
    Collection<CoherenceProtocol> protocols();

    /** The node's cluster monitors. */
    LockService locks();

    /** Full replication's sequencer role on this node. */
    SequencerRole sequencer();

    /** The named roots this node knows (bound here or looked up). */
    void forEachRoot(RecoveryEntries.RootVisitor visitor);

    /** A root the survivors know: the node that now keeps the bindings adopts it unless the name is bound. */
    void adoptRoot(String name, long id, String className);

    /** The round is over: root lookups in flight are asked again (of the stand-in if the manager died). */
    void rootsRecovered();
}
