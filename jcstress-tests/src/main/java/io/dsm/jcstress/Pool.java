package io.dsm.jcstress;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Shared objects that one jcstress state at a time holds exclusively: for tests that judge by the
 * final value of a field two actors write (2+2W, CoWW), which the {@link Ring}'s sharing of
 * objects between states would blur.
 *
 * <p>A state takes a slot in its constructor and its {@code @Arbiter} gives it back after reading
 * the final values. jcstress 0.16 runs the arbiter of a state after all actors of its round and
 * before the state is replaced, so no two states that run in the same round ever hold the same
 * slot: the last write to a slot's field that the arbiter sees is one of its own state's writes
 * (earlier states' writes all happen before, across jcstress's round barrier). The pool grows on
 * demand (a new slot is a root bound by node 0 and looked up by node 1, each a manager round trip)
 * up to the number of states of a round, then only recycles; jcstress sizes its rounds by time, so
 * the first rounds simply come out smaller.
 *
 * <p>Values are drawn from one counter as in the {@link Ring} and are unique, so the arbiter can
 * tell whose write a final value is; a final value that is neither actor's write of this state
 * is a lost write.
 */
final class Pool
{
    /** The objects of one slot, with their replicas on every node. */
    static final class Slot
    {
        /** [node][object] */
        final Object[][] replicas;

        Slot(final Object[][] replicas)
        {
            this.replicas = replicas;
        }
    }

    private final String name;
    private final int objects;
    private final Supplier<?>[] factories;
    private final ConcurrentLinkedQueue<Slot> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicLong values = new AtomicLong();

    /** A pool whose slots hold one object per factory (object i made by {@code factories[i]}). */
    Pool(final String name, final Supplier<?>... factories)
    {
        this.name = name;
        this.objects = factories.length;
        this.factories = factories;
    }

    /** A slot no other live state holds. */
    Slot take()
    {
        final Slot s = free.poll();
        return s != null ? s : create(created.getAndIncrement());
    }

    /** Gives a slot back (from the arbiter, after the final values were read). */
    void release(final Slot s)
    {
        free.offer(s);
    }

    /** A value to write, unique and larger than every value drawn before it. */
    int nextValue()
    {
        return (int)values.incrementAndGet();
    }

    @SuppressWarnings("unchecked")
    <T> T replica(final Slot s, final int object, final int node)
    {
        return (T)s.replicas[node][object];
    }

    /** The replica that actor {@code actor} of a test with placement {@code p} uses for {@code object}. */
    <T> T of(final Slot s, final int object, final Placement p, final int actor)
    {
        return replica(s, object, p.node(actor, object));
    }

    private Slot create(final int index)
    {
        final Object[][] r = new Object[TwoNodes.SIZE][objects];
        for (int n = 0; n < TwoNodes.SIZE; n++)
        {
            for (int o = 0; o < objects; o++)
            {
                r[n][o] = TwoNodes.node(n).root(name + "-" + index + "-" + o, factories[o]);
            }
        }
        return new Slot(r);
    }
}
