package io.dsm.it.failure;

import java.util.Properties;

import io.dsm.runtime.config.NodeConfig;

/** The configuration of the in-process failure tests: a death is detected in 600 ms, faults wait 8 s. */
final class FastDetection
{
    private FastDetection()
    {
    }

    static Properties config(final String protocol)
    {
        final Properties p = new Properties();
        p.setProperty(NodeConfig.PROTOCOL, protocol);
        p.setProperty(NodeConfig.FAILURE_TIMEOUT_MS, "600");
        p.setProperty(NodeConfig.HEARTBEAT_INTERVAL_MS, "100");
        p.setProperty(NodeConfig.FAULT_TIMEOUT_MS, "8000");
        p.setProperty(NodeConfig.LEAVE_TIMEOUT_MS, "1000");
        return p;
    }
}
