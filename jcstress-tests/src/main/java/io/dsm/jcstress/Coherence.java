package io.dsm.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Coherence of one location: read-read (CoRR) and write-write (CoWW).
 *
 * <h2>CoRR</h2>
 * A writer stores {@code x}; a reader reads {@code x} twice. For a volatile field the reads are
 * ordered by the synchronization order, so once the reader has seen the new value its next read
 * cannot return the old one ("1, 0" forbidden): that would mean its node kept or re-fetched a
 * stale copy after it had seen the write. r1 and r2 are the two reads, each 1 when new and 0 when
 * old (see {@link Ring}).
 *
 * <p>Broken protocol: skip-invalidation cannot show in CoRR: the reader's node never writes, so
 * its copy, once fetched, stays the same stale copy and both reads return the same value.
 *
 * <h2>CoWW</h2>
 * Actor 0 writes {@code x} twice, actor 1 once; the arbiter reads the final value through node 0.
 * Actor 0's two writes are ordered by program order (for a plain field too: the first happens
 * before the second, and both before the arbiter), so actor 0's first write can never be the final
 * value; and some write of this state must be. Objects come from a {@link Pool}. r1: 2 when the
 * final value is actor 0's second write, 3 when actor 1's write, 1 when actor 0's first write
 * (forbidden), 0 when none of them (a lost write, forbidden).
 */
public final class Coherence
{
    static final String CORR_BEFORE = "Both reads before the write.";
    static final String CORR_BETWEEN = "The write landed between the reads.";
    static final String CORR_AFTER = "Both reads after the write.";
    static final String CORR_BROKEN = "New value, then old value: coherence broken.";

    static final String COWW_SECOND = "Actor 0's second write is the last.";
    static final String COWW_OTHER = "Actor 1's write is the last.";
    static final String COWW_FIRST = "Actor 0's first write outlived its second: write-write coherence broken.";
    static final String COWW_LOST = "The final value is none of this state's writes: a lost write.";

    private Coherence()
    {
    }

    /**
     * The outcomes of the volatile CoRR tests ({@link ReadReadAcross}, {@link ReadReadLocal}),
     * written once: each of those tests names this class in {@code @JCStressMeta} and jcstress
     * takes its outcomes from here (as in jcstress's sample APISample_05_SharedMetadata).
     */
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = CORR_BEFORE)
    @Outcome(id = "0, 1", expect = ACCEPTABLE_INTERESTING, desc = CORR_BETWEEN)
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = CORR_AFTER)
    @Outcome(id = "1, 0", expect = FORBIDDEN, desc = CORR_BROKEN)
    static final class VolatileReadReadOutcomes
    {
        private VolatileReadReadOutcomes()
        {
        }
    }

    /**
     * The outcomes of the CoWW tests, volatile and plain alike ({@link WriteWriteAcross},
     * {@link WriteWriteLocal}, {@link WriteWritePlainAcross}), written once: each of those tests
     * names this class in {@code @JCStressMeta} and jcstress takes its outcomes from here (as in
     * jcstress's sample APISample_05_SharedMetadata).
     */
    @Outcome(id = "2", expect = ACCEPTABLE, desc = COWW_SECOND)
    @Outcome(id = "3", expect = ACCEPTABLE, desc = COWW_OTHER)
    @Outcome(id = "1", expect = FORBIDDEN, desc = COWW_FIRST)
    @Outcome(expect = FORBIDDEN, desc = COWW_LOST)
    static final class WriteWriteOutcomes
    {
        private WriteWriteOutcomes()
        {
        }
    }

    /** CoRR: writer and reader on the replicas of one object their placement gives them. */
    abstract static class ReadRead extends Litmus
    {
        private static final Ring RING = new Ring("jcstress-corr", Cells.VolatileInt::new);

        private final Cells.VolatileInt onWriter;
        private final Cells.VolatileInt onReader;
        private int written;

        ReadRead(final Placement p)
        {
            final int slot = RING.nextSlot();
            onWriter = RING.of(slot, 0, p, 0);
            onReader = RING.of(slot, 0, p, 1);
        }

        final void write()
        {
            final int v = RING.nextValue();
            written = v;
            align();
            onWriter.v = v;
        }

        final void read(final II_Result r)
        {
            align();
            final Cells.VolatileInt c = onReader;
            r.r1 = c.v;
            r.r2 = c.v;
        }

        final void judge(final II_Result r)
        {
            r.r1 = Ring.isNew(r.r1, written);
            r.r2 = Ring.isNew(r.r2, written);
        }
    }

    /**
     * CoRR on a volatile field, writer on node 0, reader on node 1.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'Coherence\.ReadReadAcross$'}
     */
    @JCStressTest
    @JCStressMeta(VolatileReadReadOutcomes.class)
    @State
    public static class ReadReadAcross extends ReadRead
    {
        public ReadReadAcross()
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
     * CoRR on a volatile field, writer and reader on node 1's replica.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'Coherence\.ReadReadLocal$'}
     */
    @JCStressTest
    @JCStressMeta(VolatileReadReadOutcomes.class)
    @State
    public static class ReadReadLocal extends ReadRead
    {
        public ReadReadLocal()
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
     * CoRR on a plain field, writer on node 0, reader on node 1. The JMM does not promise
     * coherence for plain fields ("1, 0" is allowed: two plain reads of one field may be
     * reordered). The DSM keeps each block coherent (one writer or many identical read copies), so
     * "1, 0" could only come from the JIT reordering the two reads; HotSpot in practice reads once
     * or in order. Expected: never seen; allowed.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'Coherence\.ReadReadPlainAcross$'}
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = CORR_BEFORE)
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = CORR_BETWEEN)
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = CORR_AFTER)
    @Outcome(id = "1, 0", expect = ACCEPTABLE_INTERESTING, desc = "New, then old: allowed for plain fields, not expected " +
        "from the DSM (blocks are coherent).")
    @State
    public static class ReadReadPlainAcross extends Litmus
    {
        private static final Ring PLAIN = new Ring("jcstress-corr-plain", Cells.PlainInt::new);

        private final Cells.PlainInt onWriter;
        private final Cells.PlainInt onReader;
        private int written;

        public ReadReadPlainAcross()
        {
            final int slot = PLAIN.nextSlot();
            onWriter = PLAIN.replica(slot, 0, 0);
            onReader = PLAIN.replica(slot, 0, 1);
        }

        @Actor
        public void writer()
        {
            final int v = PLAIN.nextValue();
            written = v;
            align();
            onWriter.v = v;
        }

        @Actor
        public void reader(final II_Result r)
        {
            align();
            final Cells.PlainInt c = onReader;
            r.r1 = c.v;
            r.r2 = c.v;
        }

        @Arbiter
        public void arbiter(final II_Result r)
        {
            r.r1 = Ring.isNew(r.r1, written);
            r.r2 = Ring.isNew(r.r2, written);
        }
    }

    /** CoWW on a volatile field, actors on the replicas of one pooled object their placement gives them. */
    abstract static class WriteWrite extends Litmus
    {
        private static final Pool POOL = new Pool("jcstress-coww", Cells.VolatileInt::new);

        private final Pool.Slot slot;
        private final Cells.VolatileInt on0;
        private final Cells.VolatileInt on1;
        private int first;
        private int second;
        private int other;

        WriteWrite(final Placement p)
        {
            slot = POOL.take();
            on0 = POOL.of(slot, 0, p, 0);
            on1 = POOL.of(slot, 0, p, 1);
        }

        final void run0()
        {
            final int a = POOL.nextValue();
            final int b = POOL.nextValue();
            first = a;
            second = b;
            align();
            on0.v = a;
            on0.v = b;
        }

        final void run1()
        {
            final int c = POOL.nextValue();
            other = c;
            align();
            on1.v = c;
        }

        final void judge(final I_Result r)
        {
            final int x = POOL.<Cells.VolatileInt>replica(slot, 0, 0).v;
            POOL.release(slot);
            r.r1 = x == second ? 2 : x == other ? 3 : x == first ? 1 : 0;
        }
    }

    /**
     * CoWW on a volatile field, actor 0 on node 0, actor 1 on node 1.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'Coherence\.WriteWriteAcross$'}
     */
    @JCStressTest
    @JCStressMeta(WriteWriteOutcomes.class)
    @State
    public static class WriteWriteAcross extends WriteWrite
    {
        public WriteWriteAcross()
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
        public void arbiter(final I_Result r)
        {
            judge(r);
        }
    }

    /**
     * CoWW on a volatile field, both actors on node 1's replica.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'Coherence\.WriteWriteLocal$'}
     */
    @JCStressTest
    @JCStressMeta(WriteWriteOutcomes.class)
    @State
    public static class WriteWriteLocal extends WriteWrite
    {
        public WriteWriteLocal()
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
        public void arbiter(final I_Result r)
        {
            judge(r);
        }
    }

    /**
     * CoWW on a plain field, actor 0 on node 0, actor 1 on node 1. The JMM forbids the same
     * outcomes as for a volatile field here, through happens-before alone: actor 0's first write
     * happens before its second, and both (and actor 1's write) happen before the arbiter's read,
     * so the arbiter may not see the first write (it is overwritten in happens-before order) nor a
     * value from before this state.
     *
     * <p>Run alone, under the runtime's default protocol:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'Coherence\.WriteWritePlainAcross$'}
     */
    @JCStressTest
    @JCStressMeta(WriteWriteOutcomes.class)
    @State
    public static class WriteWritePlainAcross extends Litmus
    {
        private static final Pool POOL = new Pool("jcstress-coww-plain", Cells.PlainInt::new);

        private final Pool.Slot slot;
        private final Cells.PlainInt on0;
        private final Cells.PlainInt on1;
        private int first;
        private int second;
        private int other;

        public WriteWritePlainAcross()
        {
            slot = POOL.take();
            on0 = POOL.replica(slot, 0, 0);
            on1 = POOL.replica(slot, 0, 1);
        }

        @Actor
        public void actor0()
        {
            final int a = POOL.nextValue();
            final int b = POOL.nextValue();
            first = a;
            second = b;
            align();
            on0.v = a;
            on0.v = b;
        }

        @Actor
        public void actor1()
        {
            final int c = POOL.nextValue();
            other = c;
            align();
            on1.v = c;
        }

        @Arbiter
        public void arbiter(final I_Result r)
        {
            final int x = POOL.<Cells.PlainInt>replica(slot, 0, 0).v;
            POOL.release(slot);
            r.r1 = x == second ? 2 : x == other ? 3 : x == first ? 1 : 0;
        }
    }
}
