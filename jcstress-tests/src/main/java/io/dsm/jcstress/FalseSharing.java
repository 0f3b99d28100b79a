package io.dsm.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import io.dsm.api.Shared;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * False sharing and lost writes. Two actors write different fields of one object (one block), so
 * with the actors on two nodes ownership of the block moves back and forth with nearly every
 * write; each reads its field back right after writing it. The program is free of data races on
 * the fields (each has one writer), so for plain and volatile fields alike each actor must read
 * its own write back (program order), and once the round is over the arbiter, which every write
 * happens before, must see the last write of each field (reading through node 0). A write that
 * landed in the block after the block was shipped away is lost: its writer reads the field undone,
 * or the arbiter does.
 *
 * <p>r1, r2: actor 0's and actor 1's read-back (1 when at least its own write, 0 when older);
 * r3, r4: the arbiter's final a and b (1 when at least this state's writes, 0 when older). Every
 * field has one writer whose values increase, so anything but "1, 1, 1, 1" is a lost write.
 *
 * <p>Broken protocol: {@link PlainAcross} catches {@code -Ddsm.test.unsoundWrites=true} (the
 * write no longer enters the block atomically with its state check, so the protocol agent can
 * ship the block between the check and the store). skip-invalidation does not touch it: writes
 * take the block from its owner, never from a copy.
 */
public final class FalseSharing
{
    static final String KEPT = "Every write survived: read back by its writer and seen by the arbiter.";
    static final String LOST = "A write was lost: its writer or the arbiter read the field undone.";

    private FalseSharing()
    {
    }

    /**
     * The outcomes of every test here, plain and volatile alike ({@link PlainAcross},
     * {@link PlainLocal}, {@link VolatileAcross}), written once: each of those tests names this
     * class in {@code @JCStressMeta} and jcstress takes its outcomes from here (as in jcstress's
     * sample APISample_05_SharedMetadata).
     */
    @Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = KEPT)
    @Outcome(expect = FORBIDDEN, desc = LOST)
    static final class Outcomes
    {
        private Outcomes()
        {
        }
    }

    /** Two plain fields in one block. */
    @Shared
    public static class PlainHalves
    {
        int a;
        int b;
    }

    /** Two volatile fields in one block. */
    @Shared
    public static class VolatileHalves
    {
        volatile int a;
        volatile int b;
    }

    /** Plain fields, actors on the replicas their placement gives them. */
    abstract static class PlainCase extends Litmus
    {
        private static final Ring RING = new Ring("jcstress-false-sharing", PlainHalves::new);

        private final int slot;
        private final PlainHalves on0;
        private final PlainHalves on1;
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
            final PlainHalves h = on0;
            h.a = v;
            r.r1 = Ring.isNew(h.a, v);
        }

        final void run1(final IIII_Result r)
        {
            final int v = RING.nextValue();
            written1 = v;
            align();
            final PlainHalves h = on1;
            h.b = v;
            r.r2 = Ring.isNew(h.b, v);
        }

        final void judge(final IIII_Result r)
        {
            final PlainHalves h = RING.replica(slot, 0, 0);
            r.r3 = Ring.isNew(h.a, written0);
            r.r4 = Ring.isNew(h.b, written1);
        }
    }

    /**
     * Plain fields, actor 0 on node 0, actor 1 on node 1: ownership ping-pong.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'FalseSharing\.PlainAcross$'}
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
     * Plain fields, both actors on node 1's replica: local writers of one block take turns on its
     * state word; the arbiter's reads through node 0 take the block away between rounds.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'FalseSharing\.PlainLocal$'}
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
     * Volatile fields, actor 0 on node 0, actor 1 on node 1: ownership ping-pong.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'FalseSharing\.VolatileAcross$'}
     */
    @JCStressTest
    @JCStressMeta(Outcomes.class)
    @State
    public static class VolatileAcross extends Litmus
    {
        private static final Ring RING = new Ring("jcstress-false-sharing-volatile", VolatileHalves::new);

        private final int slot;
        private final VolatileHalves on0;
        private final VolatileHalves on1;
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
            final VolatileHalves h = on0;
            h.a = v;
            r.r1 = Ring.isNew(h.a, v);
        }

        @Actor
        public void actor1(final IIII_Result r)
        {
            final int v = RING.nextValue();
            written1 = v;
            align();
            final VolatileHalves h = on1;
            h.b = v;
            r.r2 = Ring.isNew(h.b, v);
        }

        @Arbiter
        public void arbiter(final IIII_Result r)
        {
            final VolatileHalves h = RING.replica(slot, 0, 0);
            r.r3 = Ring.isNew(h.a, written0);
            r.r4 = Ring.isNew(h.b, written1);
        }
    }
}
