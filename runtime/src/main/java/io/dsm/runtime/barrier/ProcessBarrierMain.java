package io.dsm.runtime.barrier;

/**
 * Prints what the probe found and issues the barrier once; exit 0 when it worked, 1 when there is no
 * barrier. Lets a test (and a person) check the packaged jar on a given JDK:
 * {@code java --enable-native-access=ALL-UNNAMED -cp dsm-agent.jar io.dsm.runtime.barrier.ProcessBarrierMain}.
 */
public final class ProcessBarrierMain
{
    private ProcessBarrierMain()
    {
    }

    public static void main(final String[] args)
    {
        final ProcessBarriers.Probe probe = ProcessBarriers.probe();
        System.out.println("probe: " + probe.reason());
        if (probe.barrier() == null)
        {
            System.exit(1);
        }
        probe.barrier().issue();
        System.out.println("issued: ok");
    }
}
