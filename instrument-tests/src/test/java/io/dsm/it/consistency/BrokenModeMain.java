package io.dsm.it.consistency;

import io.dsm.api.Protocol;

/**
 * Runs IRIW and WRC on distinct nodes under the protocols that invalidate copies, one per
 * implementation of invalidation, and prints the forbidden-outcome count of each. Meant for a
 * child JVM started with {@code -Ddsm.test.broken=skip-invalidation} (read once per JVM), where
 * the counts must not be 0.
 */
public final class BrokenModeMain
{
    /** ManagedReadReplication (all manager variants), BroadcastProtocol, DynamicManagerProtocol. */
    private static final Protocol[] INVALIDATING = {Protocol.IVY_FORWARDING_MANAGER, Protocol.IVY_BROADCAST, Protocol.IVY_DYNAMIC};

    private BrokenModeMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int rounds = Integer.parseInt(args[0]);
        System.out.println("dsm.test.broken=" + System.getProperty("dsm.test.broken"));
        for (final Protocol p : INVALIDATING)
        {
            final Histogram iriw = Iriw.run(p, Iriw.DISTINCT, rounds);
            System.out.println("iriw " + p.configName() + " forbidden=" + iriw.count(Iriw.FORBIDDEN) + " of " + rounds + " " + iriw);
            final Histogram wrc = Wrc.run(p, Wrc.DISTINCT, rounds);
            System.out.println("wrc " + p.configName() + " forbidden=" + wrc.count(Wrc.FORBIDDEN) + " of " + rounds + " " + wrc);
        }
    }
}
