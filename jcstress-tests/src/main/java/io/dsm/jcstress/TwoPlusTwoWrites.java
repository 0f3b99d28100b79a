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
 * 2+2W on volatile fields. Actor 0 writes {@code x = 1} then {@code y = 2}; actor 1 writes
 * {@code y = 1} then {@code x = 2} (the numbers name the writes; the values written are unique
 * values from a {@link Pool}). After both, the arbiter reads the final x and y through node 0.
 * Final x from actor 0 and final y from actor 1 ("1, 1") would need actor 1's x write before
 * actor 0's, and actor 0's y write before actor 1's, against both program orders: a cycle in the
 * synchronization order, forbidden. x and y are in different objects (blocks).
 *
 * <p>r1 tells whose write is the final x (1: actor 0's, 2: actor 1's), r2 whose write is the
 * final y (2: actor 0's, 1: actor 1's); 0 means neither write of this state survived: a lost
 * write, also forbidden.
 *
 * <p>Broken protocol: skip-invalidation cannot show here; all accesses in the actors are writes,
 * which always take the block (with its data) from its owner, and the arbiter reads through node
 * 0, whose copies are refreshed by its own writes.
 */
public final class TwoPlusTwoWrites
{
    static final String ORDER_01 = "Actor 0's writes, then actor 1's.";
    static final String ORDER_10 = "Actor 1's writes, then actor 0's.";
    static final String INTERLEAVED = "The writes interleaved (each actor's first write before the other's second).";
    static final String CYCLE = "x from actor 0 and y from actor 1: a cycle, not sequentially consistent.";
    static final String LOST = "A final value is neither actor's write for this state: a lost write.";

    /** Object 0: x; object 1: y. */
    private static final Pool POOL = new Pool("jcstress-2+2w", Cells.VolatileInt::new, Cells.VolatileInt::new);

    private TwoPlusTwoWrites()
    {
    }

    /**
     * The outcomes of every test here ({@link Across}, {@link Local}, {@link Mixed}), written once:
     * each of those tests names this class in {@code @JCStressMeta} and jcstress takes its outcomes
     * from here (as in jcstress's sample APISample_05_SharedMetadata).
     */
    @Outcome(id = "2, 1", expect = ACCEPTABLE, desc = ORDER_01)
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = ORDER_10)
    @Outcome(id = "2, 2", expect = ACCEPTABLE_INTERESTING, desc = INTERLEAVED)
    @Outcome(id = "1, 1", expect = FORBIDDEN, desc = CYCLE)
    @Outcome(expect = FORBIDDEN, desc = LOST)
    static final class Outcomes
    {
        private Outcomes()
        {
        }
    }

    /** x and y in two objects held by this state alone, each actor on the replicas its placement gives it. */
    abstract static class TwoBlocks extends Litmus
    {
        private final Pool.Slot slot;
        private final Cells.VolatileInt x0;
        private final Cells.VolatileInt y0;
        private final Cells.VolatileInt x1;
        private final Cells.VolatileInt y1;
        private int x0Written;
        private int y0Written;
        private int x1Written;
        private int y1Written;

        TwoBlocks(final Placement p)
        {
            slot = POOL.take();
            x0 = POOL.of(slot, 0, p, 0);
            y0 = POOL.of(slot, 1, p, 0);
            x1 = POOL.of(slot, 0, p, 1);
            y1 = POOL.of(slot, 1, p, 1);
        }

        final void run0()
        {
            final int a = POOL.nextValue();
            final int b = POOL.nextValue();
            x0Written = a;
            y0Written = b;
            align();
            x0.v = a;
            y0.v = b;
        }

        final void run1()
        {
            final int a = POOL.nextValue();
            final int b = POOL.nextValue();
            y1Written = a;
            x1Written = b;
            align();
            y1.v = a;
            x1.v = b;
        }

        final void judge(final II_Result r)
        {
            final int x = POOL.<Cells.VolatileInt>replica(slot, 0, 0).v;
            final int y = POOL.<Cells.VolatileInt>replica(slot, 1, 0).v;
            POOL.release(slot);
            r.r1 = x == x0Written ? 1 : x == x1Written ? 2 : 0;
            r.r2 = y == y1Written ? 1 : y == y0Written ? 2 : 0;
        }
    }

    /**
     * Actor 0 on node 0, actor 1 on node 1.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'TwoPlusTwoWrites\.Across$'}
     */
    @JCStressTest
    @JCStressMeta(Outcomes.class)
    @State
    public static class Across extends TwoBlocks
    {
        public Across()
        {
            super(Placement.ACROSS);
        }

        @Actor
        public void actor0()
        {
            run0();
        }

        @Actor
        public void actor1()
        {
            run1();
        }

        @Arbiter
        public void arbiter(final II_Result r)
        {
            judge(r);
        }
    }

    /**
     * Both actors on node 1's replicas (the arbiter's reads through node 0 move the blocks away
     * between rounds).
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'TwoPlusTwoWrites\.Local$'}
     */
    @JCStressTest
    @JCStressMeta(Outcomes.class)
    @State
    public static class Local extends TwoBlocks
    {
        public Local()
        {
            super(Placement.LOCAL);
        }

        @Actor
        public void actor0()
        {
            run0();
        }

        @Actor
        public void actor1()
        {
            run1();
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
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'TwoPlusTwoWrites\.Mixed$'}
     */
    @JCStressTest
    @JCStressMeta(Outcomes.class)
    @State
    public static class Mixed extends TwoBlocks
    {
        public Mixed()
        {
            super(Placement.MIXED);
        }

        @Actor
        public void actor0()
        {
            run0();
        }

        @Actor
        public void actor1()
        {
            run1();
        }

        @Arbiter
        public void arbiter(final II_Result r)
        {
            judge(r);
        }
    }
}
