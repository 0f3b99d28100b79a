package io.dsm.runtime.block;

import java.util.concurrent.atomic.AtomicLong;

import io.dsm.runtime.barrier.ProcessBarrier;

/**
 * The revoker's side of the announced write path: after a block left state {@link BlockState#WRITE}
 * by a CAS, waits until no local writer can still store into it. In asym mode it first issues the
 * process-wide barrier, which makes every thread's flag store visible if that thread's state load
 * missed the CAS (the writers' side is compiler-ordered only); then it waits for every flag that
 * is set, whose release-clear follows the section's store.
 */
final class AnnouncedWriters
{
    private static final int SPINS_BEFORE_YIELD = 100;
    private static final AtomicLong BARRIERS = new AtomicLong();
    private static final AtomicLong WAITS = new AtomicLong();

    private AnnouncedWriters()
    {
    }

    /** Call after the CAS that took a block out of {@link BlockState#WRITE}, before reading it for shipping. */
    static void waitOut()
    {
        final ProcessBarrier barrier = WriteMode.barrier();
        if (barrier != null && !BrokenMode.NO_MEMBARRIER)
        {
            barrier.issue();
            BARRIERS.incrementAndGet();
        }
        for (final WriterSlot slot : WriterSlots.all())
        {
            if (slot.inFlight())
            {
                WAITS.incrementAndGet();
                int spins = 0;
                // bounded by a writer's few instructions, or by the scheduler if it was preempted
                while (slot.inFlight())
                {
                    if (++spins > SPINS_BEFORE_YIELD)
                    {
                        Thread.yield();
                    }
                    else
                    {
                        Thread.onSpinWait();
                    }
                }
            }
        }
    }

    /** Process-wide barriers issued by revocations in this JVM so far (benchmarks report it). */
    static long barriers()
    {
        return BARRIERS.get();
    }

    /** Revocations that found a writer in flight and waited for it. */
    static long waits()
    {
        return WAITS.get();
    }
}
