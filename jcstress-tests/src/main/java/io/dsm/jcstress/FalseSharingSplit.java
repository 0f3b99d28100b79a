package io.dsm.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIIII_Result;
import org.openjdk.jcstress.infra.results.IIII_Result;

import io.dsm.api.Block;
import io.dsm.api.Shared;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The {@link FalseSharing} shapes on an object split into blocks: its two fields carry different
 * {@code @Block} groups ({@link PlainSplit}, {@link VolatileSplit}), so each field is a coherence
 * block of its own (and block 0, which holds every untagged field, is empty). Each actor writes
 * one field; with the actors on two nodes each node ends up owning its own block and the two no
 * longer take the object from each other. What must not change is what the program sees: every
 * field has one writer, so each actor reads its own write back (program order) and the arbiter,
 * which every write happens before, sees the last write of each field (through node 0). A grant
 * of one block that also carried the other block's field would install the sender's stale value
 * of that field over the receiver's newer one: a lost write.
 *
 * <p>{@link PlainAcross}, {@link PlainLocal}, {@link VolatileAcross}: as in {@link FalseSharing},
 * r1, r2 are actor 0's and actor 1's read-back (1 when at least its own write, 0 when older), r3,
 * r4 the arbiter's final a and b (1 when at least this state's writes, 0 when older); anything but
 * "1, 1, 1, 1" is a lost write. {@link ReadOtherAcross} also reads the other actor's field between
 * the write and the read-back, so each read fetches the other node's block.
 *
 * <p>Broken protocol: {@link ReadOtherAcross} is built to catch
 * {@code -Ddsm.test.broken=whole-object-grants} (a grant of one block carries every field of the
 * object): actor 0's read of b fetches block b from node 1 together with node 1's stale copy of a,
 * which lands on node 0's a over actor 0's write, and actor 0 reads its own field back older than
 * its write (and the same the other way round). The read-back-only tests catch it too, mostly
 * through the arbiter: an arbiter's read of b through node 0 installs node 1's stale a there, and
 * the arbiters of the other states that share the {@link Ring} slot (many per round) then find a
 * undone. The broken pass of run-jcstress.sh runs {@link ReadOtherAcross} alone, under the
 * default protocol. Observed on 2026-12-04 (-m quick, load average 7 to 8 from other work): under
 * ivy-forwarding-manager, FORBIDDEN outcomes in every test of this file (ReadOtherAcross: 3,077
 * of 3,077 samples; PlainAcross 97.7%, VolatileAcross 96.0%, PlainLocal 65 of 81,734 samples);
 * ReadOtherAcross under migration: 25,794 of 28,989 samples. Not under central-server or
 * full-replication, which never install a grant over a block a node writes (central-server
 * installs a grant's data for one read at a node that writes through the server; full
 * replication grants a block only as a node's first copy and sends writes as single fields).
 */
public final class FalseSharingSplit
{
    static final String KEPT = "Every write survived: read back by its writer and seen by the arbiter.";
    static final String LOST = "A write was lost: its writer or the arbiter read the field undone " +
        "(a grant of one block carried the other block's field?).";

    private FalseSharingSplit()
    {
    }

    /**
     * The outcomes of the read-back tests ({@link PlainAcross}, {@link PlainLocal},
     * {@link VolatileAcross}), written once: each names this class in {@code @JCStressMeta} and
     * jcstress takes its outcomes from here (as in jcstress's sample APISample_05_SharedMetadata).
     */
    @Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = KEPT)
    @Outcome(expect = FORBIDDEN, desc = LOST)
    static final class Outcomes
    {
        private Outcomes()
        {
        }
    }

    /** Two plain fields, each in a block of its own (block 0, for untagged fields, is empty). */
    @Shared
    public static class PlainSplit
    {
        @Block("a")
        int a;
        @Block("b")
        int b;
    }

    /** Two volatile fields, each in a block of its own (block 0, for untagged fields, is empty). */
    @Shared
    public static class VolatileSplit
    {
        @Block("a")
        volatile int a;
        @Block("b")
        volatile int b;
    }

    /** Plain fields, actors on the replicas their placement gives them. */
    abstract static class PlainCase extends Litmus
    {
        private static final Ring RING = new Ring("jcstress-split-false-sharing", PlainSplit::new);

        private final int slot;
        private final PlainSplit on0;
        private final PlainSplit on1;
        private int written0;
        private int written1;

        PlainCase(final Placement p)
        {
            slot = RING.nextSlot();
            on0 = RING.of(slot, 0, p, 0);
            on1 = RING.of(slot, 0, p, 1);
        }

        final void run0(final IIII_Result r)
        {
            final int v = RING.nextValue();
            written0 = v;
            align();
            final PlainSplit h = on0;
            h.a = v;
            r.r1 = Ring.isNew(h.a, v);
        }

        final void run1(final IIII_Result r)
        {
            final int v = RING.nextValue();
            written1 = v;
            align();
            final PlainSplit h = on1;
            h.b = v;
            r.r2 = Ring.isNew(h.b, v);
        }

        final void judge(final IIII_Result r)
        {
            final PlainSplit h = RING.replica(slot, 0, 0);
            r.r3 = Ring.isNew(h.a, written0);
            r.r4 = Ring.isNew(h.b, written1);
        }
    }

    /**
     * Plain fields in two blocks, actor 0 on node 0, actor 1 on node 1: each node keeps writing
     * its own block (the arbiter's reads through node 0 fetch a copy of block b every round).
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'FalseSharingSplit\.PlainAcross$'}
     *
     * <p>Last observed on 2026-12-04, running this file's and {@link SafePublicationSplit}'s tests the
     * same way ({@code -t 'Split\.'}): default protocol ivy-forwarding-manager, -m quick, 2 cores at a
     * load average of 7 to 8 from other work; samples over all VM configurations, descriptions left
     * out:
     * <pre>
     *   1, 1, 1, 1     41,680  100.00%  Acceptable
     * </pre>
     * Under each of the other nine protocols (run the same way with {@code DSM_PROTOCOLS=<protocol>}),
     * no FORBIDDEN outcome either.
     */
    @JCStressTest
    @JCStressMeta(Outcomes.class)
    @State
    public static class PlainAcross extends PlainCase
    {
        public PlainAcross()
        {
            super(Placement.ACROSS);
        }

        @Actor
        public void actor0(final IIII_Result r)
        {
            run0(r);
        }

        @Actor
        public void actor1(final IIII_Result r)
        {
            run1(r);
        }

        @Arbiter
        public void arbiter(final IIII_Result r)
        {
            judge(r);
        }
    }

    /**
     * Plain fields in two blocks, both actors on node 1's replica: local writers of two blocks of
     * one object, each through its own block's state word; the arbiter's reads through node 0
     * take both blocks away between rounds.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'FalseSharingSplit\.PlainLocal$'}
     *
     * <p>Last observed on 2026-12-04, running this file's and {@link SafePublicationSplit}'s tests the
     * same way ({@code -t 'Split\.'}): default protocol ivy-forwarding-manager, -m quick, 2 cores at a
     * load average of 7 to 8 from other work; samples over all VM configurations, descriptions left
     * out:
     * <pre>
     *   1, 1, 1, 1  1,409,062  100.00%  Acceptable
     * </pre>
     * Under each of the other nine protocols (run the same way with {@code DSM_PROTOCOLS=<protocol>}),
     * no FORBIDDEN outcome either.
     */
    @JCStressTest
    @JCStressMeta(Outcomes.class)
    @State
    public static class PlainLocal extends PlainCase
    {
        public PlainLocal()
        {
            super(Placement.LOCAL);
        }

        @Actor
        public void actor0(final IIII_Result r)
        {
            run0(r);
        }

        @Actor
        public void actor1(final IIII_Result r)
        {
            run1(r);
        }

        @Arbiter
        public void arbiter(final IIII_Result r)
        {
            judge(r);
        }
    }

    /**
     * Volatile fields in two blocks, actor 0 on node 0, actor 1 on node 1.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'FalseSharingSplit\.VolatileAcross$'}
     *
     * <p>Last observed on 2026-12-04, running this file's and {@link SafePublicationSplit}'s tests the
     * same way ({@code -t 'Split\.'}): default protocol ivy-forwarding-manager, -m quick, 2 cores at a
     * load average of 7 to 8 from other work; samples over all VM configurations, descriptions left
     * out:
     * <pre>
     *   1, 1, 1, 1    209,730  100.00%  Acceptable
     * </pre>
     * Under each of the other nine protocols (run the same way with {@code DSM_PROTOCOLS=<protocol>}),
     * no FORBIDDEN outcome either.
     */
    @JCStressTest
    @JCStressMeta(Outcomes.class)
    @State
    public static class VolatileAcross extends Litmus
    {
        private static final Ring RING = new Ring("jcstress-split-false-sharing-volatile", VolatileSplit::new);

        private final int slot;
        private final VolatileSplit on0;
        private final VolatileSplit on1;
        private int written0;
        private int written1;

        public VolatileAcross()
        {
            slot = RING.nextSlot();
            on0 = RING.replica(slot, 0, 0);
            on1 = RING.replica(slot, 0, 1);
        }

        @Actor
        public void actor0(final IIII_Result r)
        {
            final int v = RING.nextValue();
            written0 = v;
            align();
            final VolatileSplit h = on0;
            h.a = v;
            r.r1 = Ring.isNew(h.a, v);
        }

        @Actor
        public void actor1(final IIII_Result r)
        {
            final int v = RING.nextValue();
            written1 = v;
            align();
            final VolatileSplit h = on1;
            h.b = v;
            r.r2 = Ring.isNew(h.b, v);
        }

        @Arbiter
        public void arbiter(final IIII_Result r)
        {
            final VolatileSplit h = RING.replica(slot, 0, 0);
            r.r3 = Ring.isNew(h.a, written0);
            r.r4 = Ring.isNew(h.b, written1);
        }
    }

    /**
     * Each actor writes its own field, reads the other's, then reads its own back: volatile fields
     * in two blocks, actor 0 on node 0, actor 1 on node 1. The read of the other's field fetches
     * the other node's block (its writer has just taken it for writing); a grant that carried the
     * whole object would bring the sender's stale copy of the reader's own field with it and undo
     * the reader's write.
     *
     * <p>r1: actor 0's read of b, r2: actor 1's read of a (1 when new, 0 when old: see
     * {@link Ring}); r3, r4: actor 0's read-back of a and actor 1's of b after those reads (1 when
     * at least its own write); r5, r6: the arbiter's final a and b (1 when at least this state's
     * writes). r3 to r6 must be 1 (one writer per field; program order, and the arbiter comes after
     * every write). The first two are store buffering on volatile fields, so at least one of them
     * sees the other's write: "0, 0" is forbidden there too (JLS 17.4.4, as in
     * {@link StoreBuffering}).
     *
     * <p>Broken protocol: catches {@code -Ddsm.test.broken=whole-object-grants}; the broken pass of
     * run-jcstress.sh runs it so, under the default protocol, and fails unless it shows a FORBIDDEN
     * outcome. Observed on 2026-12-04 ({@code jcstress-tests/run-jcstress.sh broken}, load average
     * 7 to 8): 438,030 of 441,014 samples FORBIDDEN, in 25 different outcomes.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'FalseSharingSplit\.ReadOtherAcross$'}
     *
     * <p>Last observed on 2026-12-04, running this file's and {@link SafePublicationSplit}'s tests the
     * same way ({@code -t 'Split\.'}): default protocol ivy-forwarding-manager, -m quick, 2 cores at a
     * load average of 7 to 8 from other work; samples over all VM configurations, descriptions left
     * out:
     * <pre>
     *   0, 0, 1, 1, 1, 1        0   0.00%  Forbidden
     *   0, 1, 1, 1, 1, 1   36,821  32.80%  Acceptable
     *   1, 0, 1, 1, 1, 1   35,072  31.24%  Acceptable
     *   1, 1, 1, 1, 1, 1   40,361  35.96%  Interesting
     * </pre>
     * Under each of the other nine protocols (run the same way with {@code DSM_PROTOCOLS=<protocol>}),
     * no FORBIDDEN outcome either.
     */
    @JCStressTest
    @Outcome(id = "0, 1, 1, 1, 1, 1", expect = ACCEPTABLE, desc = "Actor 0 read b first; no write lost.")
    @Outcome(id = "1, 0, 1, 1, 1, 1", expect = ACCEPTABLE, desc = "Actor 1 read a first; no write lost.")
    @Outcome(id = "1, 1, 1, 1, 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "Each saw the other's write; no write lost.")
    @Outcome(id = "0, 0, 1, 1, 1, 1", expect = FORBIDDEN, desc = "Neither saw the other's volatile write: not sequentially consistent.")
    @Outcome(expect = FORBIDDEN, desc = "A write was lost: undone on its writer's node after it read the other " +
        "block (a grant carried the whole object?), or missed by the arbiter.")
    @State
    public static class ReadOtherAcross extends Litmus
    {
        private static final Ring RING = new Ring("jcstress-split-read-other", VolatileSplit::new);

        private final int slot;
        private final VolatileSplit on0;
        private final VolatileSplit on1;
        private int written0;
        private int written1;

        public ReadOtherAcross()
        {
            slot = RING.nextSlot();
            on0 = RING.replica(slot, 0, 0);
            on1 = RING.replica(slot, 0, 1);
        }

        @Actor
        public void actor0(final IIIIII_Result r)
        {
            final int v = RING.nextValue();
            written0 = v;
            align();
            final VolatileSplit h = on0;
            h.a = v;
            r.r1 = h.b;
            r.r3 = Ring.isNew(h.a, v);
        }

        @Actor
        public void actor1(final IIIIII_Result r)
        {
            final int v = RING.nextValue();
            written1 = v;
            align();
            final VolatileSplit h = on1;
            h.b = v;
            r.r2 = h.a;
            r.r4 = Ring.isNew(h.b, v);
        }

        @Arbiter
        public void arbiter(final IIIIII_Result r)
        {
            r.r1 = Ring.isNew(r.r1, written1);
            r.r2 = Ring.isNew(r.r2, written0);
            final VolatileSplit h = RING.replica(slot, 0, 0);
            r.r5 = Ring.isNew(h.a, written0);
            r.r6 = Ring.isNew(h.b, written1);
        }
    }
}
