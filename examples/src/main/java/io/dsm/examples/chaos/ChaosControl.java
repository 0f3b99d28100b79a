package io.dsm.examples.chaos;

import io.dsm.api.Shared;

/** One node's progress through the chaos workload, written by that node only, read by the others. */
@Shared
public class ChaosControl
{
    /** Bound its roots and looked up everybody's. */
    public static final int JOINED = 1;
    /** Survivor: stopped touching its "shadowed" cells, so the victim can read them last. */
    public static final int QUIESCED = 2;
    /** Victim: wrote its kept cells for the last time (and read the shadowed ones last). */
    public static final int FROZEN = 3;
    /** Survivor without a kill: finished its second phase (the victim may stop now). */
    public static final int DONE = 4;
    /** Victim without a kill: stopped writing; everybody may verify. */
    public static final int STOPPED = 5;

    public volatile int phase;
}
