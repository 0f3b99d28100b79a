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
 * Safe publication of a newly linked shared object through a volatile reference. The writer
 * creates a new {@code @Shared} object, fills its plain fields, and stores it into a holder's
 * volatile field; the reader reads the holder's field and, if it finds an object, its fields. The
 * fills happen before the volatile store, which synchronises with the reader's volatile load that
 * sees it, so a reader that sees the object sees it filled (JLS 17.4.5). Across nodes the new
 * object is not shared until the holder's block is shipped: the writer's node publishes it then
 * (it gets a global id and a replica on the reader's node, filled on the reader's first access).
 *
 * <p>r1: 1 when the reader found this state's object or a later one, 0 when an older one (or none
 * yet); r2: 1 when the object it found was complete (all fields equal to the value it was filled
 * with), 0 when not (forbidden).
 *
 * <p>Each state publishes one new object, and shared objects are never collected (the runtime
 * keeps every block it has published or replicated): a bounded run publishes about a hundred
 * thousand per VM, a few tens of MB over both nodes.
 */
public final class SafePublication
{
    static final String OLD = "The reader found an older object (or none yet), complete.";
    static final String NEW = "The reader found this state's object (or a later one), complete.";
    static final String INCOMPLETE = "The reader found an object with fields missing: unsafe publication.";

    private SafePublication()
    {
    }

    /**
     * The outcomes of every test here ({@link Across}, {@link Local}), written once: each of those
     * tests names this class in {@code @JCStressMeta} and jcstress takes its outcomes from here (as
     * in jcstress's sample APISample_05_SharedMetadata).
     */
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = OLD)
    @Outcome(id = "1, 1", expect = ACCEPTABLE_INTERESTING, desc = NEW)
    @Outcome(id = {"0, 0", "1, 0"}, expect = FORBIDDEN, desc = INCOMPLETE)
    static final class Outcomes
    {
        private Outcomes()
        {
        }
    }

    /** The holder from the ring, each actor on the replica its placement gives it. */
    abstract static class Case extends Litmus
    {
        private static final Ring RING = new Ring("jcstress-publish", Cells.Holder::new);

        private final Cells.Holder writerHolder;
        private final Cells.Holder readerHolder;
        private int written;

        Case(final Placement p)
        {
            final int slot = RING.nextSlot();
            writerHolder = RING.of(slot, 0, p, 0);
            readerHolder = RING.of(slot, 0, p, 1);
        }

        final void write()
        {
            final int v = RING.nextValue();
            written = v;
            align();
            writerHolder.ref = new Cells.Payload().fill(v);
        }

        final void read(final II_Result r)
        {
            align();
            final Cells.Payload p = readerHolder.ref;
            if (p == null)
            {
                r.r1 = 0;
                r.r2 = 1;
                return;
            }
            final int a = p.a;
            final int b = p.b;
            final int c = p.c;
            r.r1 = a;
            r.r2 = a != 0 && a == b && a == c ? 1 : 0;
        }

        final void judge(final II_Result r)
        {
            r.r1 = Ring.isNew(r.r1, written);
        }
    }

    /**
     * Writer on node 0, reader on node 1.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'SafePublication\.Across$'}
     */
    @JCStressTest
    @JCStressMeta(Outcomes.class)
    @State
    public static class Across extends Case
    {
        public Across()
        {
            super(Placement.ACROSS);
        }

        @Actor
        public void writer()
        {
            write();
        }

        @Actor
        public void reader(final II_Result r)
        {
            read(r);
        }

        @Arbiter
        public void arbiter(final II_Result r)
        {
            judge(r);
        }
    }

    /**
     * Writer and reader on node 1's replica of the holder (the object is never shipped).
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'SafePublication\.Local$'}
     */
    @JCStressTest
    @JCStressMeta(Outcomes.class)
    @State
    public static class Local extends Case
    {
        public Local()
        {
            super(Placement.LOCAL);
        }

        @Actor
        public void writer()
        {
            write();
        }

        @Actor
        public void reader(final II_Result r)
        {
            read(r);
        }

        @Arbiter
        public void arbiter(final II_Result r)
        {
            judge(r);
        }
    }
}
