package io.dsm.jcstress;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Base of the tests' {@code @State} classes (jcstress does not inherit {@code @Actor} methods, so
 * each test class declares its own; what they share lives here).
 *
 * <h2>Aligning the actors on each state</h2>
 *
 * jcstress runs each actor over a stride of states without synchronising per state. That works
 * when an actor's step costs nanoseconds on both sides; here one side often takes a fault (tens to
 * hundreds of microseconds) while the other runs from its local replica, the actors drift many
 * states apart within a stride, and they meet on the same state so rarely that the interleaved
 * outcomes (and any forbidden ones) almost never get a chance. {@link #align()}, called by every
 * actor first, is a bounded rendezvous: an actor waits (spinning briefly, then yielding, so the
 * protocol agents of the nodes get the CPU on a 2-core machine) until the other actor has reached
 * the same state, but at most {@value #DEFAULT_ALIGN_NS} ns, so a missing partner (jcstress's own
 * sanity checks run actors one at a time) costs only that. The rendezvous orders nothing that the
 * test observes: it happens before both actors' accesses, like the start of a round does.
 * {@code -Ddsm.jcstress.alignNs=0} turns it off.
 */
abstract class Litmus
{
    static final long DEFAULT_ALIGN_NS = 100_000;
    private static final long ALIGN_NS = Long.getLong("dsm.jcstress.alignNs", DEFAULT_ALIGN_NS);
    private static final VarHandle ARRIVED;

    static
    {
        try
        {
            ARRIVED = MethodHandles.lookup().findVarHandle(Litmus.class, "arrived", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    @SuppressWarnings("unused") // through ARRIVED
    private volatile int arrived;

    /** Waits (bounded) until both actors of this state have arrived here. */
    protected final void align()
    {
        if (ALIGN_NS <= 0)
        {
            return;
        }
        ARRIVED.getAndAdd(this, 1);
        int spins = 0;
        long deadline = 0;
        while ((int)ARRIVED.getVolatile(this) < 2)
        {
            if (++spins < 100)
            {
                Thread.onSpinWait();
                continue;
            }
            final long now = System.nanoTime();
            if (deadline == 0)
            {
                deadline = now + ALIGN_NS;
            }
            else if (now - deadline > 0)
            {
                return;
            }
            Thread.yield();
        }
    }
}
