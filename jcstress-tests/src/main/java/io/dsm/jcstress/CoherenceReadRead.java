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
 * Read-read coherence (CoRR) of a volatile field across nodes. The writer, on node 0, stores
 * {@code x}; the reader, on node 1, reads {@code x} twice. Volatile accesses are totally ordered
 * consistently with program order, so once the reader has seen the new value its next read
 * cannot return the old one: that would mean node 1 kept or re-fetched a stale copy after it had
 * seen the write.
 *
 * <p>r1 and r2 are the two reads, each 1 when new and 0 when old (see {@link Ring}).
 */
@JCStressTest
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Both reads before the write.")
@Outcome(id = "0, 1", expect = ACCEPTABLE_INTERESTING, desc = "The write landed between the reads: node 1's copy was invalidated in between.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Both reads after the write.")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "New value, then old value: coherence broken across nodes.")
@State
public class CoherenceReadRead
{
    private static final Ring<Cell> RING = new Ring<>("jcstress-corr", Cell::new);

    private final Cell onWriterNode;
    private final Cell onReaderNode;
    private int written;

    public CoherenceReadRead()
    {
        final int slot = RING.nextSlot();
        onWriterNode = RING.onWriterNode(slot);
        onReaderNode = RING.onReaderNode(slot);
    }

    @Actor
    public void writer()
    {
        final int v = RING.nextValue();
        written = v;
        onWriterNode.x = v;
    }

    @Actor
    public void reader(final II_Result r)
    {
        final Cell c = onReaderNode;
        r.r1 = c.x;
        r.r2 = c.x;
    }

    @Arbiter
    public void arbiter(final II_Result r)
    {
        r.r1 = Ring.isNew(r.r1, written);
        r.r2 = Ring.isNew(r.r2, written);
    }

    /** The shared object. */
    @Shared
    public static class Cell
    {
        volatile int x;
    }
}
