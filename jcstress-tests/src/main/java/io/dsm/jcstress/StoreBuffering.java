package io.dsm.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import io.dsm.api.Shared;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Store buffering (Dekker) on volatile fields across nodes. Node 0 writes {@code x} and reads
 * {@code y}; node 1 writes {@code y} and reads {@code x}. Volatile accesses are sequentially
 * consistent, so at least one of them sees the other's write. Both fields sit in one block, so
 * both nodes need it for writing at the same time: this also exercises the write-versus-
 * revocation race (a write that lands after its block was shipped away is lost).
 *
 * <p>(Plain-field SB is no test of the DSM: one JVM already shows 0, 0 through store buffers.)
 *
 * <p>r1 is node 0's read of y, r2 node 1's read of x, each 1 when new and 0 when old (see
 * {@link Ring}).
 */
@JCStressTest
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "Node 0 ran first.")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "Node 1 ran first.")
@Outcome(id = "1, 1", expect = ACCEPTABLE_INTERESTING, desc = "The writes interleaved: each saw the other's.")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Neither saw the other's write: not sequentially consistent across nodes.")
@State
public class StoreBuffering
{
    private static final Ring<Pair> RING = new Ring<>("jcstress-sb", Pair::new);

    private final Pair onNode0;
    private final Pair onNode1;
    private int writtenX;
    private int writtenY;

    public StoreBuffering()
    {
        final int slot = RING.nextSlot();
        onNode0 = RING.onWriterNode(slot);
        onNode1 = RING.onReaderNode(slot);
    }

    @Actor
    public void node0(final II_Result r)
    {
        final int v = RING.nextValue();
        writtenX = v;
        final Pair p = onNode0;
        p.x = v;
        r.r1 = p.y;
    }

    @Actor
    public void node1(final II_Result r)
    {
        final int v = RING.nextValue();
        writtenY = v;
        final Pair p = onNode1;
        p.y = v;
        r.r2 = p.x;
    }

    @Arbiter
    public void arbiter(final II_Result r)
    {
        r.r1 = Ring.isNew(r.r1, writtenY);
        r.r2 = Ring.isNew(r.r2, writtenX);
    }

    /** The shared object: both fields in one block. */
    @Shared
    public static class Pair
    {
        volatile int x;
        volatile int y;
    }
}
