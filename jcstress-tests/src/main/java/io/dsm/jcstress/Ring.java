package io.dsm.jcstress;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A fixed ring of shared objects, each with its replica on the writer node and on the reader
 * node, handed out round-robin to jcstress {@code @State} objects; and the source of the values
 * the actors write.
 *
 * <h2>Why a ring, and why values instead of resets</h2>
 *
 * jcstress 0.16 makes {@code strideSize * strideCount} states per round (about 10k) and the two
 * actor threads re-create half of them each between rounds, so a state constructor has
 * microseconds and runs concurrently with another. Giving each state a fresh shared object costs
 * a root bind on node 0 plus a lookup on node 1 (two manager round trips per state, and a root
 * table that grows without bound); resetting a reused "slot" to 0 in the constructor costs a
 * write fault (invalidating the other node's copy) per state, and is itself a cross-node write
 * racing with the previous round's reads. Here a constructor touches no shared field at all: it
 * takes the next replica pair of a ring of {@link #SIZE} objects that were bound as roots once
 * per VM, and the objects are never reset.
 *
 * <p>Instead of writing 1 over an initial 0, a writing actor writes a fresh value from
 * {@link #nextValue()}, remembers it in its state, and an {@code @Arbiter} (run by jcstress after
 * all actors of that state) turns each raw value a reader saw into "new" (1: the value is at
 * least the one this state's writer wrote) or "old" (0). The values are drawn from one atomic
 * counter at the moment of the write, so every field of every slot receives increasing values
 * along its writer's program order, and across threads and rounds along happens-before. A read of
 * a smaller value therefore saw a write that precedes this state's write (the role of the initial
 * 0 in the textbook test); a read of a larger one saw a write that this state's write happens
 * before (another state sharing the slot, which the JMM allows to be seen). So "new"/"old" mean
 * what they mean in the textbook litmus test and its forbidden outcomes stay forbidden, whatever
 * order jcstress built or runs the states in, and however many states share a slot in a round.
 */
final class Ring<T>
{
    /** A power of two: enough distinct blocks for the states of a stride, few enough to bind fast at start. */
    static final int SIZE = 64;

    private final Object[] onWriterNode = new Object[SIZE];
    private final Object[] onReaderNode = new Object[SIZE];
    private final AtomicInteger slots = new AtomicInteger();
    private final AtomicInteger values = new AtomicInteger();

    /** Creates the objects as cluster roots named {@code name-i} and fetches both replicas of each (once per VM). */
    Ring(final String name, final Supplier<T> factory)
    {
        for (int i = 0; i < SIZE; i++)
        {
            onWriterNode[i] = TwoNodes.node(TwoNodes.WRITER_NODE).root(name + "-" + i, factory);
            onReaderNode[i] = TwoNodes.node(TwoNodes.READER_NODE).root(name + "-" + i, factory);
        }
    }

    /** The slot for a new state: round-robin, so neighbouring states get distinct objects (distinct blocks). */
    int nextSlot()
    {
        return slots.getAndIncrement() & (SIZE - 1);
    }

    /** A value to write, larger than every value drawn before it (the first is 1, larger than the initial 0). */
    int nextValue()
    {
        return values.incrementAndGet();
    }

    @SuppressWarnings("unchecked")
    T onWriterNode(final int slot)
    {
        return (T)onWriterNode[slot];
    }

    @SuppressWarnings("unchecked")
    T onReaderNode(final int slot)
    {
        return (T)onReaderNode[slot];
    }

    /** 1 when {@code seen} is the value written for this state or a later one, 0 when it is older. */
    static int isNew(final int seen, final int written)
    {
        return seen >= written ? 1 : 0;
    }
}
