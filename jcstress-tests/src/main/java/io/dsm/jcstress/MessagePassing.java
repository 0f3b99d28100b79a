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
 * Message passing. The writer (actor 0) stores a plain {@code data} and then releases it with a
 * volatile {@code flag}; the reader (actor 1) acquires the flag and then reads the data. Seeing
 * the flag's new value synchronises with its write, so the data write happens before the data
 * read: the flag without the data is forbidden (JLS 17.4.5), although the data field is plain.
 *
 * <p>r1 is the flag, r2 the data, each 1 when new and 0 when old (see {@link Ring}).
 *
 * <p>Broken protocol: {@link Mixed} catches {@code -Ddsm.test.broken=skip-invalidation}: the
 * reader sees the flag through the writer's own replica, at once, and the data through node 1's
 * read copy, whose invalidation was acknowledged but not applied, so it stays stale. {@link
 * Across} and {@link SameBlockAcross} cannot catch it: node 1 only reads, so once it holds copies
 * of flag and data they both stay stale together, and the reader sees an old flag with old data
 * (the allowed "0, 0": the broken node just never sees the writer's later writes, which no single
 * outcome of a litmus test can show).
 */
public final class MessagePassing
{
    static final String BEFORE = "The reader ran before the writer.";
    static final String DATA_RACE = "The reader missed the flag but saw the data: a race on data, allowed.";
    static final String GOT_ACROSS = "The reader saw the flag and the data: the message got across.";
    static final String STALE = "Flag seen but the data it published is stale: release/acquire broken.";

    /** Object 0: the flag; object 1: the data. */
    private static final Ring RING = new Ring("jcstress-mp", Cells.VolatileInt::new, Cells.PlainInt::new);

    private MessagePassing()
    {
    }

    /**
     * The outcomes of the tests with a volatile flag ({@link Across}, {@link Local}, {@link Mixed},
     * {@link SameBlockAcross}), written once: each of those tests names this class in
     * {@code @JCStressMeta} and jcstress takes its outcomes from here (as in jcstress's sample
     * APISample_05_SharedMetadata).
     */
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = BEFORE)
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = DATA_RACE)
    @Outcome(id = "1, 1", expect = ACCEPTABLE_INTERESTING, desc = GOT_ACROSS)
    @Outcome(id = "1, 0", expect = FORBIDDEN, desc = STALE)
    static final class VolatileOutcomes
    {
        private VolatileOutcomes()
        {
        }
    }

    /** Flag and data in two objects (two blocks), each actor on the replicas its placement gives it. */
    abstract static class TwoBlocks extends Litmus
    {
        private final Cells.VolatileInt writerFlag;
        private final Cells.PlainInt writerData;
        private final Cells.VolatileInt readerFlag;
        private final Cells.PlainInt readerData;
        private int written;

        TwoBlocks(final Placement p)
        {
            final int slot = RING.nextSlot();
            writerFlag = RING.of(slot, 0, p, 0);
            writerData = RING.of(slot, 1, p, 0);
            readerFlag = RING.of(slot, 0, p, 1);
            readerData = RING.of(slot, 1, p, 1);
        }

        final void write()
        {
            final int v = RING.nextValue();
            written = v;
            align();
            writerData.v = v;
            writerFlag.v = v;
        }

        final void read(final II_Result r)
        {
            align();
            r.r1 = readerFlag.v;
            r.r2 = readerData.v;
        }

        final void judge(final II_Result r)
        {
            r.r1 = Ring.isNew(r.r1, written);
            r.r2 = Ring.isNew(r.r2, written);
        }
    }

    /**
     * Writer on node 0, reader on node 1; flag and data in different blocks.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'MessagePassing\.Across$'}
     *
     * <p>Last observed on 2026-12-03, running this file's tests the same way
     * ({@code -t '^io\.dsm\.jcstress\.MessagePassing\.'}): default protocol ivy-forwarding-manager,
     * -m quick, 2 cores at a load average of 12 to 14 from other work; samples over all VM
     * configurations, descriptions left out:
     * <pre>
     *   0, 0      615  41.25%  Acceptable
     *   0, 1      179  12.01%  Acceptable
     *   1, 0        0   0.00%  Forbidden
     *   1, 1      697  46.75%  Interesting
     * </pre>
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
     * Writer and reader on node 1's replicas.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'MessagePassing\.Local$'}
     *
     * <p>Last observed on 2026-12-03, running this file's tests the same way
     * ({@code -t '^io\.dsm\.jcstress\.MessagePassing\.'}): default protocol ivy-forwarding-manager,
     * -m quick, 2 cores at a load average of 12 to 14 from other work; samples over all VM
     * configurations, descriptions left out:
     * <pre>
     *   0, 0   43,207  39.14%  Acceptable
     *   0, 1   26,205  23.74%  Acceptable
     *   1, 0        0   0.00%  Forbidden
     *   1, 1   40,978  37.12%  Interesting
     * </pre>
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
     * Writer on node 0; the reader reads the flag through node 0's replica (the writer's) and the
     * data through node 1's: the flag is seen the moment it is written, so the data write must by
     * then have invalidated node 1's copy (a write returns only when it is complete everywhere).
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'MessagePassing\.Mixed$'}
     *
     * <p>Last observed on 2026-12-03, running this file's tests the same way
     * ({@code -t '^io\.dsm\.jcstress\.MessagePassing\.'}): default protocol ivy-forwarding-manager,
     * -m quick, 2 cores at a load average of 12 to 14 from other work; samples over all VM
     * configurations, descriptions left out:
     * <pre>
     *   0, 0   86,824  49.94%  Acceptable
     *   0, 1   19,439  11.18%  Acceptable
     *   1, 0        0   0.00%  Forbidden
     *   1, 1   67,593  38.88%  Interesting
     * </pre>
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
     * Writer on node 0, reader on node 1; data and flag in one block.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'MessagePassing\.SameBlockAcross$'}
     *
     * <p>Last observed on 2026-12-03, running this file's tests the same way
     * ({@code -t '^io\.dsm\.jcstress\.MessagePassing\.'}): default protocol ivy-forwarding-manager,
     * -m quick, 2 cores at a load average of 12 to 14 from other work; samples over all VM
     * configurations, descriptions left out:
     * <pre>
     *   0, 0      844  54.70%  Acceptable
     *   0, 1        0   0.00%  Acceptable
     *   1, 0        0   0.00%  Forbidden
     *   1, 1      699  45.30%  Interesting
     * </pre>
     */
    @JCStressTest
    @JCStressMeta(VolatileOutcomes.class)
    @State
    public static class SameBlockAcross extends Litmus
    {
        private static final Ring MESSAGES = new Ring("jcstress-mp1", Cells.Message::new);

        private final Cells.Message onWriterNode;
        private final Cells.Message onReaderNode;
        private int written;

        public SameBlockAcross()
        {
            final int slot = MESSAGES.nextSlot();
            onWriterNode = MESSAGES.replica(slot, 0, 0);
            onReaderNode = MESSAGES.replica(slot, 0, 1);
        }

        @Actor
        public void writer()
        {
            final int v = MESSAGES.nextValue();
            written = v;
            align();
            final Cells.Message m = onWriterNode;
            m.data = v;
            m.flag = v;
        }

        @Actor
        public void reader(final II_Result r)
        {
            align();
            final Cells.Message m = onReaderNode;
            r.r1 = m.flag;
            r.r2 = m.data;
        }

        @Arbiter
        public void arbiter(final II_Result r)
        {
            r.r1 = Ring.isNew(r.r1, written);
            r.r2 = Ring.isNew(r.r2, written);
        }
    }

    /**
     * Plain flag and plain data in two blocks, writer on node 0, reader on node 1. Without a
     * volatile there is no happens-before, and the JMM allows the flag without the data (on one
     * JVM the JIT may reorder either pair of plain accesses). What the DSM itself does: each write
     * enters its block with a CAS and returns only when the block is owned here and every other
     * copy is invalidated, so node 0's writes are performed in program order; node 1's two plain
     * reads each check their own block's state with a plain load, which the JIT may reorder or
     * hoist like the field loads themselves. Expected in practice: "1, 0" rare or never; allowed.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'MessagePassing\.PlainAcross$'}
     *
     * <p>Last observed on 2026-12-03, running this file's tests the same way
     * ({@code -t '^io\.dsm\.jcstress\.MessagePassing\.'}): default protocol ivy-forwarding-manager,
     * -m quick, 2 cores at a load average of 12 to 14 from other work; samples over all VM
     * configurations, descriptions left out:
     * <pre>
     *   0, 0    1,369  47.68%  Acceptable
     *   0, 1      161   5.61%  Acceptable
     *   1, 0        0   0.00%  Interesting
     *   1, 1    1,341  46.71%  Acceptable
     * </pre>
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = BEFORE)
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = DATA_RACE)
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = GOT_ACROSS)
    @Outcome(id = "1, 0", expect = ACCEPTABLE_INTERESTING, desc = "Flag without data: allowed for plain fields (no happens-before), " +
        "not expected from the DSM (writes complete in program order).")
    @State
    public static class PlainAcross extends Litmus
    {
        private static final Ring PLAIN = new Ring("jcstress-mp-plain", Cells.PlainInt::new, Cells.PlainInt::new);

        private final Cells.PlainInt writerFlag;
        private final Cells.PlainInt writerData;
        private final Cells.PlainInt readerFlag;
        private final Cells.PlainInt readerData;
        private int written;

        public PlainAcross()
        {
            final int slot = PLAIN.nextSlot();
            writerFlag = PLAIN.of(slot, 0, Placement.ACROSS, 0);
            writerData = PLAIN.of(slot, 1, Placement.ACROSS, 0);
            readerFlag = PLAIN.of(slot, 0, Placement.ACROSS, 1);
            readerData = PLAIN.of(slot, 1, Placement.ACROSS, 1);
        }

        @Actor
        public void writer()
        {
            final int v = PLAIN.nextValue();
            written = v;
            align();
            writerData.v = v;
            writerFlag.v = v;
        }

        @Actor
        public void reader(final II_Result r)
        {
            align();
            r.r1 = readerFlag.v;
            r.r2 = readerData.v;
        }

        @Arbiter
        public void arbiter(final II_Result r)
        {
            r.r1 = Ring.isNew(r.r1, written);
            r.r2 = Ring.isNew(r.r2, written);
        }
    }
}
