package io.dsm.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Atomicity of volatile {@code long} and {@code double} (JLS 17.7: writes and reads of volatile
 * long and double values are always atomic). Each actor stores a 64-bit value whose two 32-bit
 * halves are equal and then reads the field back. A read that mixed two writes, or a write and a
 * block installed over it, would show halves that differ. Both actors write, so with the actors on
 * two nodes the block moves with nearly every write. Actor 0 writes even values, actor 1 odd ones
 * (fresh from a {@link Ring}, so every value is written once), so a read tells whose write it saw.
 *
 * <p>r1 is what actor 0 read back, r2 what actor 1 read back: 0 its own write, 1 a write of the
 * other actor (for this state, or for another state sharing the object), 2 a torn value
 * (forbidden), 3 an older write of its own or the initial value, which its own write had already
 * replaced (forbidden by coherence: a read may not see a write that precedes, in the order of
 * writes to the field, a write the same thread already made).
 */
public final class Atomicity
{
    static final String OWN_OWN = "Each read its own write back.";
    static final String OTHER_OWN = "Actor 0 saw actor 1's write, actor 1 its own.";
    static final String OWN_OTHER = "Actor 0 saw its own write, actor 1 actor 0's.";
    static final String OTHER_OTHER = "Each saw a write of the other (for this state or another state on the object).";
    static final String BROKEN = "A torn value, or a read of a value older than the reader's own write.";

    private Atomicity()
    {
    }

    /**
     * The outcomes of every test here ({@link LongAcross}, {@link LongLocal},
     * {@link DoubleAcross}), written once: each of those tests names this class in
     * {@code @JCStressMeta} and jcstress takes its outcomes from here (as in jcstress's sample
     * APISample_05_SharedMetadata).
     */
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = OWN_OWN)
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = OTHER_OWN)
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = OWN_OTHER)
    @Outcome(id = "1, 1", expect = ACCEPTABLE_INTERESTING, desc = OTHER_OTHER)
    @Outcome(expect = FORBIDDEN, desc = BROKEN)
    static final class Outcomes
    {
        private Outcomes()
        {
        }
    }

    /** Actor 0's value for a drawn number: even, never 0. */
    static int even(final int n)
    {
        return 2 * n;
    }

    /** Actor 1's value for a drawn number: odd. */
    static int odd(final int n)
    {
        return 2 * n + 1;
    }

    /** What an actor that wrote {@code mine} (a {@link Ring#pattern}) read back: 0, 1, 2 or 3 as in the class comment. */
    static int classify(final long seen, final long mine)
    {
        final int hi = (int)(seen >>> 32);
        final int lo = (int)seen;
        if (hi != lo)
        {
            return 2;
        }
        if (seen == mine)
        {
            return 0;
        }
        if (lo != 0 && (lo & 1) != ((int)mine & 1))
        {
            return 1;
        }
        return 3;
    }

    /** Volatile long, two actors each writing and then reading it, on the replicas their placement gives them. */
    abstract static class LongCase extends Litmus
    {
        private static final Ring RING = new Ring("jcstress-atomic-long", Cells.VolatileLong::new);

        private final Cells.VolatileLong on0;
        private final Cells.VolatileLong on1;

        LongCase(final Placement p)
        {
            final int slot = RING.nextSlot();
            on0 = RING.of(slot, 0, p, 0);
            on1 = RING.of(slot, 0, p, 1);
        }

        final void run0(final II_Result r)
        {
            final long w = Ring.pattern(even(RING.nextValue()));
            align();
            final Cells.VolatileLong c = on0;
            c.v = w;
            r.r1 = classify(c.v, w);
        }

        final void run1(final II_Result r)
        {
            final long w = Ring.pattern(odd(RING.nextValue()));
            align();
            final Cells.VolatileLong c = on1;
            c.v = w;
            r.r2 = classify(c.v, w);
        }
    }

    /**
     * Volatile long, actor 0 on node 0, actor 1 on node 1.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'Atomicity\.LongAcross$'}
     */
    @JCStressTest
    @JCStressMeta(Outcomes.class)
    @State
    public static class LongAcross extends LongCase
    {
        public LongAcross()
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
    }

    /**
     * Volatile long, both actors on node 1's replica.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'Atomicity\.LongLocal$'}
     */
    @JCStressTest
    @JCStressMeta(Outcomes.class)
    @State
    public static class LongLocal extends LongCase
    {
        public LongLocal()
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
    }

    /**
     * Volatile double, actor 0 on node 0, actor 1 on node 1 (raw bits compared; every pattern is a
     * finite double).
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'Atomicity\.DoubleAcross$'}
     */
    @JCStressTest
    @JCStressMeta(Outcomes.class)
    @State
    public static class DoubleAcross extends Litmus
    {
        private static final Ring RING = new Ring("jcstress-atomic-double", Cells.VolatileDouble::new);

        private final Cells.VolatileDouble on0;
        private final Cells.VolatileDouble on1;

        public DoubleAcross()
        {
            final int slot = RING.nextSlot();
            on0 = RING.replica(slot, 0, 0);
            on1 = RING.replica(slot, 0, 1);
        }

        @Actor
        public void actor0(final II_Result r)
        {
            final long w = Ring.pattern(even(RING.nextValue()));
            align();
            final Cells.VolatileDouble c = on0;
            c.v = Double.longBitsToDouble(w);
            r.r1 = classify(Double.doubleToRawLongBits(c.v), w);
        }

        @Actor
        public void actor1(final II_Result r)
        {
            final long w = Ring.pattern(odd(RING.nextValue()));
            align();
            final Cells.VolatileDouble c = on1;
            c.v = Double.longBitsToDouble(w);
            r.r2 = classify(Double.doubleToRawLongBits(c.v), w);
        }
    }
}
