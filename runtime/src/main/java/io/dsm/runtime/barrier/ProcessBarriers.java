package io.dsm.runtime.barrier;

/**
 * Finds this JVM's process barrier once: none off Linux; FFM on JDK 22+ when the multi-release jar
 * carries it; else the JNI library for this host; and then only if the kernel offers
 * PRIVATE_EXPEDITED and lets the process register for it. Without one the caller keeps the CAS path.
 */
public final class ProcessBarriers
{
    /** {@code -Ddsm.test.barrier=none}: tests force the fallback with it. */
    static final String TEST_PROPERTY = "dsm.test.barrier";

    /** The outcome of the probe: the barrier, or null with the reason there is none. */
    public record Probe(ProcessBarrier barrier, String reason)
    {
    }

    private ProcessBarriers()
    {
    }

    /** This JVM's barrier, probed on the first call (registering the process with the kernel); never throws. */
    public static Probe probe()
    {
        return Cached.PROBE;
    }

    /** The probe without the cache, so tests can change the test property; REGISTER may be repeated harmlessly. */
    static Probe compute()
    {
        try
        {
            final ProcessBarrier barrier = find();
            return new Probe(barrier, barrier.describe());
        }
        catch (final Unavailable ex)
        {
            return new Probe(null, oneLine(ex.getMessage()));
        }
        catch (final RuntimeException | LinkageError ex)
        {
            // never throw: an unexpected failure only means no barrier
            return new Probe(null, oneLine("probe failed: " + ex));
        }
    }

    private static String oneLine(final String text)
    {
        return String.valueOf(text).replaceAll("\\s*\\R\\s*", " ");
    }

    private static ProcessBarrier find() throws Unavailable
    {
        if ("none".equals(System.getProperty(TEST_PROPERTY)))
        {
            throw new Unavailable("disabled by " + TEST_PROPERTY + "=none");
        }
        if (!Platform.isLinux())
        {
            throw new Unavailable("not Linux (" + Platform.osName() + ")");
        }
        final MembarrierCall call = Platform.jdkFeature() >= 22 && FfmMembarrier.present()
            ? FfmMembarrier.open()
            : JniMembarrier.open();
        return MembarrierBarrier.register(call);
    }

    /** Holds the probe so it runs once, on first use. */
    private static final class Cached
    {
        static final Probe PROBE = compute();
    }
}
