package io.dsm.runtime.block;

import java.lang.management.ManagementFactory;

import io.dsm.runtime.barrier.ProcessBarrier;
import io.dsm.runtime.barrier.ProcessBarriers;

/**
 * How writes to a block this node owns are kept from racing with its revocation, chosen once per
 * JVM (the accessors' code depends on it) by {@code -Ddsm.writes}:
 * <ul>
 * <li>{@code asym}: a writer announces itself in its {@link WriterSlot} with compiler-ordered
 *     stores only, and the revoker pays: it issues a process-wide barrier
 *     ({@code membarrier(PRIVATE_EXPEDITED)}) and waits until no slot is in flight. Sound on
 *     HotSpot's interpreter, C1 and C2 on Linux (see {@link BlockState#enterAnnounced});</li>
 * <li>{@code cas}: every write to a shared block enters with a CAS on the state word, as before
 *     the barrier existed. Writes to objects never shared yet announce with a volatile store (a
 *     symmetric Dekker handshake, sound by the Java memory model alone);</li>
 * <li>{@code auto} (default): {@code asym} where the barrier is available and the JIT is trusted,
 *     else {@code cas}.</li>
 * </ul>
 */
public final class WriteMode
{
    /** The property that chooses the mode. */
    public static final String PROPERTY = "dsm.writes";

    private static final WriteMode CURRENT = choose(System.getProperty(PROPERTY, "auto"), ProcessBarriers.probe(), jitDistrust());

    /** True when writers announce with compiler-ordered stores and revokers issue the barrier. */
    static final boolean ASYMMETRIC = CURRENT.barrier != null;

    private final ProcessBarrier barrier;
    private final String description;

    private WriteMode(final ProcessBarrier barrier, final String description)
    {
        this.barrier = barrier;
        this.description = description;
    }

    /** The JVM's mode, for example "asym (membarrier through JNI ...)" or "cas (dsm.writes=cas)"; nodes log it at start. */
    public static String describe()
    {
        return CURRENT.description;
    }

    /** True when the JVM runs the asymmetric write path. */
    public static boolean asymmetric()
    {
        return ASYMMETRIC;
    }

    /** Process-wide barriers the revocations in this JVM have issued so far (tests and benchmarks report it). */
    public static long barriersIssued()
    {
        return AnnouncedWriters.barriers();
    }

    /** The barrier the revoker issues, or null in CAS mode. */
    static ProcessBarrier barrier()
    {
        return CURRENT.barrier;
    }

    static WriteMode choose(final String requested, final ProcessBarriers.Probe probe, final String jitDistrust)
    {
        switch (requested)
        {
            case "cas":
                return new WriteMode(null, "cas (dsm.writes=cas)");
            case "auto":
            case "asym":
                if (jitDistrust != null)
                {
                    return refuse(requested, "cas (" + jitDistrust + ")");
                }
                if (probe.barrier() == null)
                {
                    return refuse(requested, "cas (no process-wide barrier: " + probe.reason() + ")");
                }
                return new WriteMode(probe.barrier(), "asym (" + probe.reason() + ")");
            default:
                throw new IllegalArgumentException("dsm.writes=" + requested + " is not a write mode: use auto (the default), " +
                    "asym (a barrier on revocation, cheap writes) or cas (a CAS per write)");
        }
    }

    private static WriteMode refuse(final String requested, final String cas)
    {
        if ("asym".equals(requested))
        {
            throw new IllegalStateException("dsm.writes=asym cannot be honoured: " + cas.substring(5, cas.length() - 1) +
                ". Use dsm.writes=auto to fall back to a CAS per write");
        }
        return new WriteMode(null, cas);
    }

    /**
     * Why the JIT is not trusted with the asymmetric write path, or null. Its soundness rests on
     * how HotSpot's interpreter, C1 and C2 compile opaque and release accesses (wide compiler
     * barriers, program order kept); Graal and OpenJ9 were not checked.
     */
    private static String jitDistrust()
    {
        final String vm = System.getProperty("java.vm.name", "");
        if (!vm.contains("HotSpot") && !vm.contains("OpenJDK"))
        {
            return "JVM " + vm + " is not HotSpot";
        }
        try
        {
            final com.sun.management.HotSpotDiagnosticMXBean hotspot =
                ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            if ("true".equals(hotspot.getVMOption("UseJVMCICompiler").getValue()))
            {
                return "a JVMCI compiler (Graal) runs instead of C2";
            }
        }
        catch (final IllegalArgumentException | LinkageError ex)
        {
            // no such flag: a HotSpot without JVMCI
        }
        return null;
    }
}
