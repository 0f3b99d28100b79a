package io.dsm.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Load buffering. Actor 0 reads {@code x} and then writes {@code y}; actor 1 reads {@code y} and
 * then writes {@code x}. With volatile fields each read precedes its actor's write in the
 * synchronization order, so both reads cannot see the other actor's (later) write: "1, 1" would
 * be a cycle, and is forbidden. x and y are in different objects (blocks).
 *
 * <p>r1 is actor 0's read of x, r2 actor 1's read of y, each 1 when new and 0 when old (see
 * {@link Ring}; "new" includes the other actor's writes for later states, which are ordered after
 * its write for this state and so still close the cycle).
 *
 * <p>Broken protocol: skip-invalidation cannot show here. Each node only reads the block the other
 * writes, so its copy goes stale and stays stale: the broken run shows more "0, 0", which is
 * allowed.
 */
public final class LoadBuffering
{
    static final String FIRST_0 = "Actor 0 ran first (or the reads were both early).";
    static final String FIRST_1 = "Actor 1 ran first.";
    static final String BEFORE = "Both reads before both writes.";
    static final String CYCLE = "Each read saw the other actor's later write: a cycle, not sequentially consistent.";

    /** Object 0: x; object 1: y. */
    private static final Ring RING = new Ring("jcstress-lb", Cells.VolatileInt::new, Cells.VolatileInt::new);

    private LoadBuffering()
    {
    }

    /**
     * The outcomes of the volatile tests ({@link Across}, {@link Local}, {@link Mixed}), written
     * once: each of those tests names this class in {@code @JCStressMeta} and jcstress takes its
     * outcomes from here (as in jcstress's sample APISample_05_SharedMetadata).
     */
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = FIRST_0)
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = FIRST_1)
    @Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING, desc = BEFORE)
    @Outcome(id = "1, 1", expect = FORBIDDEN, desc = CYCLE)
    static final class VolatileOutcomes
    {
        private VolatileOutcomes()
        {
        }
    }

    /** x and y in two objects, each actor on the replicas its placement gives it. */
    abstract static class TwoBlocks extends Litmus
    {
        private final Cells.VolatileInt x0;
        private final Cells.VolatileInt y0;
        private final Cells.VolatileInt x1;
        private final Cells.VolatileInt y1;
        private int writtenX;
        private int writtenY;

        TwoBlocks(final Placement p)
        {
            final int slot = RING.nextSlot();
            x0 = RING.of(slot, 0, p, 0);
            y0 = RING.of(slot, 1, p, 0);
            x1 = RING.of(slot, 0, p, 1);
            y1 = RING.of(slot, 1, p, 1);
        }

        final void run0(final II_Result r)
        {
            final int v = RING.nextValue();
            writtenY = v;
            align();
            r.r1 = x0.v;
            y0.v = v;
        }

        final void run1(final II_Result r)
        {
            final int v = RING.nextValue();
            writtenX = v;
            align();
            r.r2 = y1.v;
            x1.v = v;
        }

        final void judge(final II_Result r)
        {
            r.r1 = Ring.isNew(r.r1, writtenX);
            r.r2 = Ring.isNew(r.r2, writtenY);
        }
    }

    /**
     * Actor 0 on node 0, actor 1 on node 1.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'LoadBuffering\.Across$'}
     */
    @JCStressTest
    @JCStressMeta(VolatileOutcomes.class)
    @State
    public static class Across extends TwoBlocks
    {
        public Across()
        {
            super(Placement.ACROSS);
        }

        @Actor
        public void actor0(final II_Result r)
        {
            run0(r);
        }

        @Actor
        public void actor1(final II_Result r)
        {
            run1(r);
        }

        @Arbiter
        public void arbiter(final II_Result r)
        {
            judge(r);
        }
    }

    /**
     * Both actors on node 1's replicas.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'LoadBuffering\.Local$'}
     */
    @JCStressTest
    @JCStressMeta(VolatileOutcomes.class)
    @State
    public static class Local extends TwoBlocks
    {
        public Local()
        {
            super(Placement.LOCAL);
        }

        @Actor
        public void actor0(final II_Result r)
        {
            run0(r);
        }

        @Actor
        public void actor1(final II_Result r)
        {
            run1(r);
        }

        @Arbiter
        public void arbiter(final II_Result r)
        {
            judge(r);
        }
    }

    /**
     * Both actors use node 0's x; actor 0 uses node 0's y, actor 1 node 1's y.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'LoadBuffering\.Mixed$'}
     */
    @JCStressTest
    @JCStressMeta(VolatileOutcomes.class)
    @State
    public static class Mixed extends TwoBlocks
    {
        public Mixed()
        {
            super(Placement.MIXED);
        }

        @Actor
        public void actor0(final II_Result r)
        {
            run0(r);
        }

        @Actor
        public void actor1(final II_Result r)
        {
            run1(r);
        }

        @Arbiter
        public void arbiter(final II_Result r)
        {
            judge(r);
        }
    }

    /**
     * Plain x and y, actor 0 on node 0, actor 1 on node 1. The JMM allows "1, 1" for plain fields
     * (a read and a later write of another variable may be reordered, and the values here are not
     * out of thin air). The DSM does not produce it: a read that needs the other node's block waits
     * until the block is here, and every write enters its block with a CAS, which an earlier read
     * may not pass (the CAS has volatile semantics, on x86 it is a locked instruction). Expected:
     * never seen; allowed.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'LoadBuffering\.PlainAcross$'}
     */
    @JCStressTest
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = FIRST_0)
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = FIRST_1)
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = BEFORE)
    @Outcome(id = "1, 1", expect = ACCEPTABLE_INTERESTING, desc = "Both reads saw the later writes: allowed for plain fields, " +
        "not expected from the DSM.")
    @State
    public static class PlainAcross extends Litmus
    {
        private static final Ring PLAIN = new Ring("jcstress-lb-plain", Cells.PlainInt::new, Cells.PlainInt::new);

        private final Cells.PlainInt x0;
        private final Cells.PlainInt y0;
        private final Cells.PlainInt x1;
        private final Cells.PlainInt y1;
        private int writtenX;
        private int writtenY;

        public PlainAcross()
        {
            final int slot = PLAIN.nextSlot();
            x0 = PLAIN.of(slot, 0, Placement.ACROSS, 0);
            y0 = PLAIN.of(slot, 1, Placement.ACROSS, 0);
            x1 = PLAIN.of(slot, 0, Placement.ACROSS, 1);
            y1 = PLAIN.of(slot, 1, Placement.ACROSS, 1);
        }

        @Actor
        public void actor0(final II_Result r)
        {
            final int v = PLAIN.nextValue();
            writtenY = v;
            align();
            r.r1 = x0.v;
            y0.v = v;
        }

        @Actor
        public void actor1(final II_Result r)
        {
            final int v = PLAIN.nextValue();
            writtenX = v;
            align();
            r.r2 = y1.v;
            x1.v = v;
        }

        @Arbiter
        public void arbiter(final II_Result r)
        {
            r.r1 = Ring.isNew(r.r1, writtenX);
            r.r2 = Ring.isNew(r.r2, writtenY);
        }
    }
}
