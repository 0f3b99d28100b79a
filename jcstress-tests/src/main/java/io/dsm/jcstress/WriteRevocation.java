package io.dsm.jcstress;

import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import io.dsm.api.Shared;
import io.dsm.runtime.block.BlockIds;
import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.BlockProtocol;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.block.BlockTransitions;
import io.dsm.runtime.block.ClassLayout;
import io.dsm.runtime.block.FaultHandler;
import io.dsm.runtime.block.WriteMode;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A write racing with the revocation of its block, in one JVM and without nodes: the announced
 * write path of the agent's accessor against {@link BlockTransitions#revoke} (research note
 * research-write-path.md, section 9, test 2). Every sample has a fresh object of a
 * {@code @Shared} class in state {@link BlockState#WRITE} (0, writable here, writers announce)
 * with a {@link BlockMeta} of its own attached, whose protocol performs no write and whose fault
 * handler throws {@link Revoked}, so a writer that finds the block revoked leaves at once instead
 * of waiting for a grant that never comes.
 *
 * <ul>
 * <li>The writer stores through the accessor the agent generates (a plain field store in the actor
 *     method: flag store, state load, field store, flag clear) and reports whether it stored.</li>
 * <li>The revoker takes the block to {@link BlockState#READ} (CAS from 0, process-wide barrier in
 *     asym mode, wait for every writer's flag) and then captures the field as a block would be
 *     captured for shipping, through the slot's handle.</li>
 * </ul>
 * A store the capture missed is a lost write: the block would be shipped without it. A capture of
 * a value never stored is impossible (each object is fresh).
 *
 * <p>Broken runtimes: {@code -Ddsm.test.broken=no-membarrier -Ddsm.writes=asym} (the revoker skips
 * the barrier, so a writer's flag store can still sit in its store buffer when the revoker looks at
 * the flags, while the writer's state load missed the CAS: store buffering) and
 * {@code -Ddsm.test.broken=no-announce} (writers do not set their flag at all, made visible with
 * {@code -Ddsm.test.writePause}) lose writes here; {@code run-jcstress.sh broken} requires it.
 * In {@code -Ddsm.writes=cas} the object's state 0 is entered with volatile flag and state accesses
 * (the Dekker handshake of the Java memory model), which this test checks as well.
 */
public final class WriteRevocation
{
    static final String STORED = "The writer stored before the revocation and the capture has its value.";
    static final String REFUSED = "The writer found the block revoked and did not store; the capture has the initial value.";
    static final String LOST = "A lost write: the writer stored, but the revoker's capture missed the store.";
    static final String PHANTOM = "The capture has a value the writer never stored.";

    /** How many writes the looping writer makes at most. */
    static final int LOOP_WRITES = 4;

    static
    {
        // every run's log names the write mode it tested (forked VMs' stderr is in jcstress's -v output)
        System.err.println("[WriteRevocation] writes: " + WriteMode.describe());
    }

    private WriteRevocation()
    {
    }

    /** Thrown by the test's fault handler: the writer's block is revoked (it would wait for a grant otherwise). */
    static final class Revoked extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        static final Revoked INSTANCE = new Revoked();

        private Revoked()
        {
            super("revoked", null, false, false);
        }
    }

    /** The object written; state 0 (fresh) until the revoker takes it away. */
    @Shared
    public static class Cell
    {
        int x;
    }

    private static final ClassLayout LAYOUT = ClassLayout.of(Cell.class);

    /** A fault never waits: the block stays revoked, the write is refused. */
    private static final FaultHandler FAULTS = (meta, access) ->
    {
        throw Revoked.INSTANCE;
    };

    /** Carries no write as a value (the writer faults) and requests nothing. */
    private static final BlockProtocol PROTOCOL = new BlockProtocol()
    {
        @Override
        public void requestAccess(final BlockMeta meta, final int access)
        {
            throw Revoked.INSTANCE;
        }

        @Override
        public String route(final BlockMeta meta)
        {
            return "nowhere (a WriteRevocation litmus block)";
        }
    };

    /** A fresh cell with its own block metadata, in state 0. */
    static Cell freshCell(final long sequence)
    {
        final Cell c = new Cell();
        final BlockMeta meta = new BlockMeta(BlockIds.make(0, sequence), 0, FAULTS, c, LAYOUT, PROTOCOL, null);
        if (!LAYOUT.casMeta(c, meta))
        {
            throw new IllegalStateException("a fresh cell already had block metadata");
        }
        return c;
    }

    /** The field as the revoker ships it: a plain read through the slot's handle, after the revocation. */
    static int capture(final Cell c)
    {
        return (int)LAYOUT.slots()[0].handle.get(c);
    }

    /** Revokes the cell's block to READ, as the protocol agent does before it ships the block. */
    static void revoke(final Cell c)
    {
        BlockTransitions.revoke(LAYOUT.meta(c), BlockState.READ);
    }

    /** Per-state sequence numbers for the block ids (distinct, nothing depends on them). */
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private static long nextSequence()
    {
        return SEQUENCE.incrementAndGet();
    }

    /**
     * One write ({@code o.x = 1}, the accessor taking the thread's slot from its thread local)
     * against one revocation.
     *
     * <p>r1: 1 when the writer stored, 0 when its write was refused (the fault); r2: the
     * revoker's capture of x.
     *
     * <p>Run alone:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'WriteRevocation\.One$'}
     */
    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = STORED)
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = REFUSED)
    @Outcome(id = "1, 0", expect = FORBIDDEN, desc = LOST)
    @Outcome(expect = FORBIDDEN, desc = PHANTOM)
    @State
    public static class One extends Litmus
    {
        private final Cell cell = freshCell(nextSequence());

        @Actor
        public void writer(final II_Result r)
        {
            align();
            final Cell c = cell;
            try
            {
                c.x = 1; // the agent's write accessor
                r.r1 = 1;
            }
            catch (final Revoked e)
            {
                r.r1 = 0;
            }
        }

        @Actor
        public void revoker(final II_Result r)
        {
            align();
            final Cell c = cell;
            revoke(c);
            r.r2 = capture(c);
        }
    }

    /**
     * Writes in a loop, so the agent holds the thread's slot in a local (its write-slot hoisting)
     * and passes it to every accessor call: {@code x = 1, 2, ...} until a write is refused or
     * {@value #LOOP_WRITES} are done, against one revocation. Every store before the revocation
     * must be in the capture, and none after it may happen.
     *
     * <p>r1: the last value the writer stored (0 when even the first write was refused); r2: the
     * revoker's capture of x. Anything but r1 == r2 is a lost write (r2 &lt; r1) or a value never
     * stored.
     *
     * <p>Run alone:
     * {@code DSM_PROTOCOLS=default jcstress-tests/run-jcstress.sh bounded -t 'WriteRevocation\.Loop$'}
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = REFUSED)
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = STORED)
    @Outcome(id = "2, 2", expect = ACCEPTABLE, desc = STORED)
    @Outcome(id = "3, 3", expect = ACCEPTABLE, desc = STORED)
    @Outcome(id = "4, 4", expect = ACCEPTABLE, desc = STORED)
    @Outcome(id = {"1, 0", "2, 0", "2, 1", "3, 0", "3, 1", "3, 2", "4, 0", "4, 1", "4, 2", "4, 3"}, expect = FORBIDDEN, desc = LOST)
    @Outcome(expect = FORBIDDEN, desc = PHANTOM)
    @State
    public static class Loop extends Litmus
    {
        private final Cell cell = freshCell(nextSequence());

        @Actor
        public void writer(final II_Result r)
        {
            align();
            final Cell c = cell;
            int stored = 0;
            try
            {
                for (int i = 1; i <= LOOP_WRITES; i++)
                {
                    c.x = i; // the agent's write accessor, with the slot hoisted out of the loop
                    stored = i;
                }
            }
            catch (final Revoked e)
            {
                // refused: the block is revoked, no later write may store either
            }
            r.r1 = stored;
        }

        @Actor
        public void revoker(final II_Result r)
        {
            align();
            final Cell c = cell;
            revoke(c);
            r.r2 = capture(c);
        }
    }
}
