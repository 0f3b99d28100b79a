package io.dsm.it.consistency;

import java.util.Properties;
import java.util.stream.Stream;

import io.dsm.api.Protocol;
import io.dsm.runtime.DsmCluster;
import io.dsm.runtime.config.NodeConfig;
import org.junit.jupiter.params.provider.Arguments;

/** Cluster start-up and run size shared by the consistency stress tests. */
final class StressCluster
{
    /** Rounds per protocol and placement; -Ddsm.stress.rounds=N for a longer soak. */
    static final int ROUNDS = Integer.getInteger("dsm.stress.rounds", 300);

    /** Whole-run bound for one protocol and placement: a hang fails instead of stalling the build. */
    static final long RUN_DEADLINE_MS = 90_000;

    private StressCluster()
    {
    }

    static DsmCluster start(final Protocol protocol, final int nodes)
    {
        final Properties p = new Properties();
        p.setProperty(NodeConfig.PROTOCOL, protocol.configName());
        p.setProperty(NodeConfig.FAULT_TIMEOUT_MS, "20000");
        return DsmCluster.start(nodes, p);
    }

    /** Every protocol (DEFAULT is one of the others) with every placement. */
    static Stream<Arguments> cases(final Placement... placements)
    {
        return Stream.of(Protocol.values())
            .filter(p -> p != Protocol.DEFAULT)
            .flatMap(p -> Stream.of(placements).map(pl -> Arguments.of(p, pl)));
    }
}
