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
 * Store buffering (Dekker) on volatile fields. Actor 0 writes {@code x} and reads {@code y};
 * actor 1 writes {@code y} and reads {@code x}. Volatile accesses are sequentially consistent
 * (JLS 17.4.4: the synchronization order is total and consistent with program order), so at least
 * one of them sees the other's write: "0, 0" is forbidden.
 *
 * <p>(Plain-field SB is no test of the DSM: one JVM already shows 0, 0 through store buffers.)
 *
 * <p>r1 is actor 0's read of y, r2 actor 1's read of x, each 1 when new and 0 when old (see
 * {@link Ring}).
 *
 * <p>Broken protocol: {@link Across} catches {@code -Ddsm.test.broken=skip-invalidation}. Each
 * node writes one block and only reads the other, so each keeps a read copy of the other's block;
 * when that block's writer upgrades to write access, the invalidation of the copy is acknowledged
 * but not applied, and the copy stays stale for good: both reads return old values ("0, 0").
 * {@link SameBlockAcross} cannot catch it: there every write of a node first takes the block
 * (with its data) from the other node, so a node never reads a copy that it has not just fetched.
 */
public final class StoreBuffering
{
    static final String RAN_FIRST_0 = "Actor 0 ran first.";
    static final String RAN_FIRST_1 = "Actor 1 ran first.";
    static final String BOTH = "The writes interleaved: each saw the other's.";
    static final String NEITHER = "Neither saw the other's write: not sequentially consistent.";

    private static final Ring RING = new Ring("jcstress-sb", Cells.VolatileInt::new, Cells.VolatileInt::new);

    private StoreBuffering()
    {
    }

    /**
     * The outcomes of every test here ({@link Across}, {@link Local}, {@link Mixed},
     * {@link SameBlockAcross}), written once: each of those tests names this class in
     * {@code @JCStressMeta} and jcstress takes its outcomes from here (as in jcstress's sample
     * APISample_05_SharedMetadata).
     */
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = RAN_FIRST_0)
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = RAN_FIRST_1)
    @Outcome(id = "1, 1", expect = ACCEPTABLE_INTERESTING, desc = BOTH)
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = NEITHER)
    static final class Outcomes
    {
        private Outcomes()
        {
        }
    }

    /** x and y in two objects (two blocks), each actor on the replicas its placement gives it. */
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
            writtenX = v;
            align();
            x0.v = v;
            r.r1 = y0.v;
        }

        final void run1(final II_Result r)
        {
            final int v = RING.nextValue();
            writtenY = v;
            align();
            y1.v = v;
            r.r2 = x1.v;
        }

        final void judge(final II_Result r)
        {
            r.r1 = Ring.isNew(r.r1, writtenY);
            r.r2 = Ring.isNew(r.r2, writtenX);
        }
    }

    /**
     * Actor 0 on node 0, actor 1 on node 1; x and y in different blocks.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'StoreBuffering\.Across$'}
     *
     * <p>Last observed on 2026-12-03, running this file's tests the same way
     * ({@code -t '^io\.dsm\.jcstress\.StoreBuffering\.'}): default protocol ivy-forwarding-manager,
     * -m quick, 2 cores at a load average of 12 to 14 from other work; samples over all VM
     * configurations, descriptions left out:
     * <pre>
     *   0, 0        0   0.00%  Forbidden
     *   0, 1    3,001  46.73%  Acceptable
     *   1, 0    3,073  47.85%  Acceptable
     *   1, 1      348   5.42%  Interesting
     * </pre>
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
     * Both actors on node 1's replicas; x and y in different blocks.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'StoreBuffering\.Local$'}
     *
     * <p>Last observed on 2026-12-03, running this file's tests the same way
     * ({@code -t '^io\.dsm\.jcstress\.StoreBuffering\.'}): default protocol ivy-forwarding-manager,
     * -m quick, 2 cores at a load average of 12 to 14 from other work; samples over all VM
     * configurations, descriptions left out:
     * <pre>
     *   0, 0        0   0.00%  Forbidden
     *   0, 1  337,851  40.02%  Acceptable
     *   1, 0  333,844  39.55%  Acceptable
     *   1, 1  172,428  20.43%  Interesting
     * </pre>
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
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'StoreBuffering\.Mixed$'}
     *
     * <p>Last observed on 2026-12-03, running this file's tests the same way
     * ({@code -t '^io\.dsm\.jcstress\.StoreBuffering\.'}): default protocol ivy-forwarding-manager,
     * -m quick, 2 cores at a load average of 12 to 14 from other work; samples over all VM
     * configurations, descriptions left out:
     * <pre>
     *   0, 0        0   0.00%  Forbidden
     *   0, 1    6,296  49.64%  Acceptable
     *   1, 0    3,893  30.69%  Acceptable
     *   1, 1    2,495  19.67%  Interesting
     * </pre>
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
     * Both fields in one block, actor 0 on node 0 and actor 1 on node 1: both nodes need the block
     * for writing at the same time, so ownership moves with nearly every write; this also
     * exercises the write-versus-revocation race (a write that lands after its block was shipped
     * away is lost).
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'StoreBuffering\.SameBlockAcross$'}
     *
     * <p>Last observed on 2026-12-03, running this file's tests the same way
     * ({@code -t '^io\.dsm\.jcstress\.StoreBuffering\.'}): default protocol ivy-forwarding-manager,
     * -m quick, 2 cores at a load average of 12 to 14 from other work; samples over all VM
     * configurations, descriptions left out:
     * <pre>
     *   0, 0        0   0.00%  Forbidden
     *   0, 1    5,648  47.55%  Acceptable
     *   1, 0    6,229  52.45%  Acceptable
     *   1, 1        0   0.00%  Interesting
     * </pre>
     */
    @JCStressTest
    @JCStressMeta(Outcomes.class)
    @State
    public static class SameBlockAcross extends Litmus
    {
        private static final Ring PAIRS = new Ring("jcstress-sb1", Cells.VolatilePair::new);

        private final Cells.VolatilePair onNode0;
        private final Cells.VolatilePair onNode1;
        private int writtenX;
        private int writtenY;

        public SameBlockAcross()
        {
            final int slot = PAIRS.nextSlot();
            onNode0 = PAIRS.replica(slot, 0, 0);
            onNode1 = PAIRS.replica(slot, 0, 1);
        }

        @Actor
        public void actor0(final II_Result r)
        {
            final int v = PAIRS.nextValue();
            writtenX = v;
            align();
            final Cells.VolatilePair p = onNode0;
            p.x = v;
            r.r1 = p.y;
        }

        @Actor
        public void actor1(final II_Result r)
        {
            final int v = PAIRS.nextValue();
            writtenY = v;
            align();
            final Cells.VolatilePair p = onNode1;
            p.y = v;
            r.r2 = p.x;
        }

        @Arbiter
        public void arbiter(final II_Result r)
        {
            r.r1 = Ring.isNew(r.r1, writtenY);
            r.r2 = Ring.isNew(r.r2, writtenX);
        }
    }
}
