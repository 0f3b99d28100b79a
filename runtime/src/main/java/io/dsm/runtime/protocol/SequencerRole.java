package io.dsm.runtime.protocol;

import java.util.Collection;

import io.dsm.runtime.block.BlockMeta;

/** Full replication's sequencer as a recovery round sees it: who it is, how far this node applied, and the take-over. */
public interface SequencerRole
{
    /** The node that orders writes now. */
    int sequencer();

    /** The highest sequence number this node has applied. */
    long applied();

    /**
     * Recovery: {@code sequencer} orders writes from now on, continuing after {@code sequence} (the most
     * any survivor applied). When the sequencer changed, the new one sends its copy of every block to
     * the others (it applied every write any survivor did, in order, so its copies are the newest),
     * and writes whose fate died with the old one fail.
     */
    void takeOver(int sequencer, long sequence, Collection<BlockMeta> blocks);
}
