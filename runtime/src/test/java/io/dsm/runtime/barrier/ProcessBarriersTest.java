package io.dsm.runtime.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The probe on this host, the test switch, and the membarrier protocol against a fake kernel. */
final class ProcessBarriersTest
{
    /** Where runtime/pom.xml builds the JNI library: Linux x86_64 with gcc. */
    private static void assumeJniHost()
    {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux") &&
            "amd64".equals(System.getProperty("os.arch")) && Files.exists(Path.of("/usr/bin/gcc")),
            "the JNI membarrier library is built only on Linux x86_64 hosts with /usr/bin/gcc");
        assumeTrue(Runtime.version().feature() < 22 || !FfmMembarrier.present(),
            "JDK 22+ with the FFM class use FFM, checked by instrument-tests' ProcessBarrierJdk25Test");
    }

    @Test
    void probeFindsTheJniBarrierAndIssuesItTenThousandTimes()
    {
        assumeJniHost();
        final ProcessBarriers.Probe probe = ProcessBarriers.probe();
        assertNotNull(probe.barrier(), probe.reason());
        assertEquals("membarrier through JNI (JDK " + Runtime.version().feature() + "), PRIVATE_EXPEDITED registered",
            probe.reason());
        assertEquals(probe.reason(), probe.barrier().describe());
        for (int i = 0; i < 10_000; i++)
        {
            probe.barrier().issue();
        }
        assertSame(probe, ProcessBarriers.probe(), "probe() caches its result");
    }

    @Test
    void severalThreadsIssueAtOnce() throws InterruptedException
    {
        assumeJniHost();
        final ProcessBarrier barrier = ProcessBarriers.probe().barrier();
        assertNotNull(barrier, ProcessBarriers.probe().reason());
        final AtomicInteger issued = new AtomicInteger();
        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++)
        {
            final Thread thread = new Thread(() ->
            {
                for (int i = 0; i < 1_000; i++)
                {
                    barrier.issue();
                    issued.incrementAndGet();
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (final Thread thread : threads)
        {
            thread.join(30_000);
        }
        assertEquals(4_000, issued.get());
    }

    @Test
    void testPropertyNoneDisablesTheBarrier()
    {
        final String before = System.getProperty(ProcessBarriers.TEST_PROPERTY);
        System.setProperty(ProcessBarriers.TEST_PROPERTY, "none");
        try
        {
            final ProcessBarriers.Probe probe = ProcessBarriers.compute();
            assertNull(probe.barrier());
            assertEquals("disabled by dsm.test.barrier=none", probe.reason());
        }
        finally
        {
            if (before == null)
            {
                System.clearProperty(ProcessBarriers.TEST_PROPERTY);
            }
            else
            {
                System.setProperty(ProcessBarriers.TEST_PROPERTY, before);
            }
        }
    }

    @Test
    void queryWithoutPrivateExpeditedMeansUnavailable()
    {
        final Unavailable ex = assertThrows(Unavailable.class,
            () -> MembarrierBarrier.register(new FakeKernel(0x1, 0, 0)));
        assertEquals("membarrier QUERY lacks PRIVATE_EXPEDITED (0x1)", ex.getMessage());
    }

    @Test
    void refusedRegistrationMeansUnavailable()
    {
        final Unavailable ex = assertThrows(Unavailable.class,
            () -> MembarrierBarrier.register(new FakeKernel(0x3ff, -1, 0)));
        assertEquals("REGISTER_PRIVATE_EXPEDITED failed: EPERM (errno 1) (fake)", ex.getMessage());
    }

    @Test
    void aFailedIssueThrowsWithTheErrno() throws Unavailable
    {
        final ProcessBarrier barrier = MembarrierBarrier.register(new FakeKernel(0x3ff, 0, -22));
        final IllegalStateException ex = assertThrows(IllegalStateException.class, barrier::issue);
        assertTrue(ex.getMessage().contains("EINVAL (errno 22)"), ex.getMessage());
    }

    /** Answers QUERY, REGISTER and the barrier with fixed results. */
    private record FakeKernel(int query, int register, int barrier) implements MembarrierCall
    {
        @Override
        public int membarrier(final int cmd, final int flags)
        {
            switch (cmd)
            {
                case MembarrierBarrier.CMD_QUERY:
                    return query;
                case MembarrierBarrier.CMD_REGISTER_PRIVATE_EXPEDITED:
                    return register;
                case MembarrierBarrier.CMD_PRIVATE_EXPEDITED:
                    return barrier;
                default:
                    return -22;
            }
        }

        @Override
        public String how()
        {
            return "fake";
        }
    }
}
