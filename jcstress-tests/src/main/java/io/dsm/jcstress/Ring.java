package io.dsm.jcstress;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import io.dsm.runtime.DsmNode;

/**
 * A fixed ring of slots of shared objects (one or more objects per slot, each with its replica
 * on every node), handed out round-robin to jcstress {@code @State} objects; and the source of
 * the values the actors write.
 *
 * <h2>Why a ring, and why values instead of resets</h2>
 *
 * jcstress 0.16 makes {@code strideSize * strideCount} states per round (up to about 10k) and the
 * two actor threads re-create half of them each between rounds, so a state constructor has
 * microseconds and runs concurrently with another. Giving each state a fresh shared object costs
 * a root bind on node 0 plus a lookup on node 1 (two manager round trips per state, and a root
 * table that grows without bound); resetting a reused "slot" to 0 in the constructor costs a
 * write fault (invalidating the other node's copy) per state, and is itself a cross-node write
 * racing with the previous round's reads. Here a constructor touches no shared field at all: it
 * takes the next slot of a ring of {@link #SIZE} slots whose objects were bound as roots once
 * per VM, and the objects are never reset.
 *
 * <p>Instead of writing 1 over an initial 0, a writing actor writes a fresh value from
 * {@link #nextValue()}, remembers it in its state, and an {@code @Arbiter} (run by jcstress after
 * all actors of that state) turns each raw value a reader saw into "new" (1: the value is at
 * least the one this state's writer wrote) or "old" (0). The values are drawn from one atomic
 * counter at the moment of the write, so every field of every slot receives increasing values
 * along its writer's program order, and across threads and rounds along happens-before. A read of
 * a smaller value therefore saw a write that precedes this state's write (the role of the initial
 * 0 in the textbook test); a read of a larger one saw a write that this state's write precedes
 * (the same actor's write for a later state sharing the slot, which the JMM allows to be seen, and
 * which is ordered after this state's write just as this state's own write is). So "new"/"old"
 * mean what they mean in the textbook litmus test and its forbidden outcomes stay forbidden,
 * whatever order jcstress built or runs the states in, and however many states share a slot in a
 * round.
 *
 * <p>That argument needs one writing actor per field (true of SB, MP, LB, CoRR and the
 * false-sharing test). Tests with two writers of one field that judge by the final value (2+2W,
 * CoWW) take exclusive objects from a {@link Pool} instead.
 */
final class Ring
{
    /** A power of two: enough distinct blocks for the states of a stride, few enough to bind fast at start. */
    static final int SIZE = 64;

    /** [node][slot * objects + object] */
    private final Object[][] replicas;
    private final int objects;
    private final AtomicInteger slots = new AtomicInteger();
    private final AtomicInteger values = new AtomicInteger();

    /**
     * Creates, for every slot, one object per factory (object i made by {@code factories[i]}) as
     * cluster roots named {@code name-slot-object}, bound by node 0 (so node 0 creates and first
     * owns them), and fetches every node's replica of each (once per VM).
     */
    Ring(final String name, final Supplier<?>... factories)
    {
        this(TwoNodes::node, TwoNodes.SIZE, name, factories);
    }

    /** As above, on the first {@code size} nodes that {@code nodes} gives. */
    Ring(final IntFunction<DsmNode> nodes, final int size, final String name, final Supplier<?>... factories)
    {
        this.objects = factories.length;
        this.replicas = new Object[size][];
        for (int n = 0; n < size; n++)
        {
            replicas[n] = new Object[SIZE * objects];
            for (int i = 0; i < SIZE * objects; i++)
            {
                replicas[n][i] = nodes.apply(n).root(name + "-" + i / objects + "-" + i % objects, factories[i % objects]);
            }
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

    /** Node {@code node}'s replica of object {@code object} of {@code slot}. */
    @SuppressWarnings("unchecked")
    <T> T replica(final int slot, final int object, final int node)
    {
        return (T)replicas[node][slot * objects + object];
    }

    /** The replica that actor {@code actor} of a test with placement {@code p} uses for {@code object} of {@code slot}. */
    <T> T of(final int slot, final int object, final Placement p, final int actor)
    {
        return replica(slot, object, p.node(actor, object));
    }

    /** 1 when {@code seen} is the value written for this state or a later one, 0 when it is older. */
    static int isNew(final int seen, final int written)
    {
        return seen >= written ? 1 : 0;
    }

    /** A long whose two halves are both {@code v}: a read that mixes two writes shows different halves. */
    static long pattern(final int v)
    {
        return ((long)v << 32) | (v & 0xFFFF_FFFFL);
    }
}
