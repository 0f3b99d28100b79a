package io.dsm.runtime.block;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One thread's write announcement: {@code inFlight} is 1 while the thread is between the check
 * of a block's state and the end of its store (see {@link BlockState#enterAnnounced}). Only its
 * own thread writes it, so two local writers can never clear each other's announcement; it sits
 * alone on its cache lines (the padding superclasses), so announcing costs no coherence traffic.
 */
public final class WriterSlot extends WriterSlotPadAfter
{
    static final VarHandle IN_FLIGHT = inFlightHandle();

    /** The thread that announces through this slot; the registry drops the slot when it dies. */
    final Thread owner;

    WriterSlot(final Thread owner)
    {
        this.owner = owner;
    }

    /** True while the owner is inside a write section (an acquire read: the section's store is visible once it reads 0). */
    boolean inFlight()
    {
        return (int)IN_FLIGHT.getAcquire(this) != 0;
    }

    private static VarHandle inFlightHandle()
    {
        try
        {
            return MethodHandles.lookup().findVarHandle(WriterSlotFlag.class, "inFlight", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}

/**
 * Cache-line padding in front of the flag (the JVM lays out superclass fields first). The int
 * fills the 4-byte gap after a compressed-class-pointer header, where HotSpot would otherwise put
 * the flag itself, next to the header (measured: offset 0xc without it).
 */
abstract class WriterSlotPadBefore
{
    int p0;
    long p00, p01, p02, p03, p04, p05, p06, p07;
}

/** The flag itself. */
abstract class WriterSlotFlag extends WriterSlotPadBefore
{
    int inFlight;
}

/** Cache-line padding behind the flag. */
abstract class WriterSlotPadAfter extends WriterSlotFlag
{
    long p10, p11, p12, p13, p14, p15, p16, p17;
}
