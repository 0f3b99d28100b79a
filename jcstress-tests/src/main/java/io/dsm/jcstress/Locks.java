package io.dsm.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * {@code synchronized} on a shared object across nodes: the actors sit on different nodes and
 * lock their own node's replica of one object, so only the cluster lock can order them.
 *
 * <p>Broken runtime: {@code -Ddsm.test.broken=local-monitors} (the JVM's monitor alone) must show
 * {@link MutualExclusion}'s lost update (the {@code broken} pass runs it). {@code skip-lock-fence}
 * (under {@code full-replication} the hand-off does not wait for the updates the last holder's
 * writes sent through the sequencer) is not caught here: over IPC the update reaches node 2
 * before, or in the same duty cycle as, the token, so the reader never runs in between (seen:
 * 0 forbidden in a broken run); {@code LockFenceTest} checks that mechanism deterministically.
 */
public final class Locks
{
    /**
     * One lock object per slot, on three nodes (created by node 0, so node 0 manages its lock and,
     * under full replication, sequences its writes): its count only grows, so two critical
     * sections never read the same value.
     */
    private static final Ring COUNTERS = new Ring(ThreeNodes::node, ThreeNodes.SIZE, "jcstress-lock-count", Cells.PlainInt::new);
    /** Object 0: the lock; 1: data; 2: flag. */
    private static final Ring MESSAGES = new Ring("jcstress-lock-mp", Cells.PlainInt::new, Cells.PlainInt::new,
        Cells.PlainInt::new);

    private Locks()
    {
    }

    /**
     * Both actors increment one counter under its lock, on nodes 1 and 2 (neither manages the lock
     * nor sequences writes): each reads what it increments. Two critical sections that read the
     * same value lost an update.
     *
     * <p>Run alone: {@code jcstress-tests/run-jcstress.sh bounded -t 'Locks.MutualExclusion'}.
     */
    @JCStressTest
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "The two increments excluded each other.")
    @Outcome(id = "0", expect = FORBIDDEN, desc = "Both read the same count: an update was lost, the lock did not exclude.")
    @State
    public static class MutualExclusion extends Litmus
    {
        private final Cells.PlainInt mine0;
        private final Cells.PlainInt mine1;
        private int read0;
        private int read1;

        public MutualExclusion()
        {
            final int slot = COUNTERS.nextSlot();
            mine0 = COUNTERS.replica(slot, 0, 1);
            mine1 = COUNTERS.replica(slot, 0, 2);
        }

        @Actor
        public void node1()
        {
            align();
            synchronized (mine0)
            {
                final int v = mine0.v;
                mine0.v = v + 1;
                read0 = v;
            }
        }

        @Actor
        public void node2()
        {
            align();
            synchronized (mine1)
            {
                final int v = mine1.v;
                mine1.v = v + 1;
                read1 = v;
            }
        }

        @Arbiter
        public void arbiter(final I_Result r)
        {
            r.r1 = read0 == read1 ? 0 : 1;
        }
    }

    /**
     * The writer stores data then flag under the lock on node 0; the reader reads flag then data
     * under the lock on node 1. Either section runs whole before the other: both old or both new.
     *
     * <p>Run alone: {@code jcstress-tests/run-jcstress.sh bounded -t 'Locks.MessagePassing'}.
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The reader's section ran first.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE_INTERESTING, desc = "The writer's section ran first: the message got across.")
    @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Flag without its data: the hand-off did not carry the writer's writes.")
    @Outcome(id = "0, 1", expect = FORBIDDEN, desc = "Data without its flag: the sections overlapped.")
    @State
    public static class MessagePassing extends Litmus
    {
        private final Cells.PlainInt writerLock;
        private final Cells.PlainInt writerData;
        private final Cells.PlainInt writerFlag;
        private final Cells.PlainInt readerLock;
        private final Cells.PlainInt readerData;
        private final Cells.PlainInt readerFlag;
        private int written;

        public MessagePassing()
        {
            final int slot = MESSAGES.nextSlot();
            writerLock = MESSAGES.of(slot, 0, Placement.ACROSS, 0);
            writerData = MESSAGES.of(slot, 1, Placement.ACROSS, 0);
            writerFlag = MESSAGES.of(slot, 2, Placement.ACROSS, 0);
            readerLock = MESSAGES.of(slot, 0, Placement.ACROSS, 1);
            readerData = MESSAGES.of(slot, 1, Placement.ACROSS, 1);
            readerFlag = MESSAGES.of(slot, 2, Placement.ACROSS, 1);
        }

        @Actor
        public void writer()
        {
            final int v = MESSAGES.nextValue();
            written = v;
            align();
            synchronized (writerLock)
            {
                writerData.v = v;
                writerFlag.v = v;
            }
        }

        @Actor
        public void reader(final II_Result r)
        {
            align();
            synchronized (readerLock)
            {
                r.r1 = readerFlag.v;
                r.r2 = readerData.v;
            }
        }

        @Arbiter
        public void arbiter(final II_Result r)
        {
            r.r1 = Ring.isNew(r.r1, written);
            r.r2 = Ring.isNew(r.r2, written);
        }
    }
}
