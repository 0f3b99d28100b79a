package io.dsm.runtime.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.dsm.api.Protocol;

/**
 * Tells scripts what the runtime knows, so that they need not read its sources:
 * <pre>
 *   java -cp dsm-agent.jar io.dsm.runtime.config.Describe protocols
 *       every coherence protocol's configuration name except {@code default}, one per line
 *   java -cp dsm-agent.jar io.dsm.runtime.config.Describe default-protocol
 *       the configuration name of the protocol a node uses when {@code dsm.protocol} is not set
 * </pre>
 * Any other arguments print the usage to standard error and exit with status 2.
 */
public final class Describe
{
    private static final String USAGE = "usage: java -cp dsm-agent.jar " + Describe.class.getName() +
        " protocols|default-protocol\n" +
        "  protocols          every protocol's configuration name except default, one per line\n" +
        "  default-protocol   the protocol a node uses when " + NodeConfig.PROTOCOL + " is not set";

    private Describe()
    {
    }

    public static void main(final String[] args)
    {
        final String what = args.length == 1 ? args[0] : "";
        switch (what)
        {
            case "protocols":
                protocols().forEach(System.out::println);
                break;
            case "default-protocol":
                System.out.println(defaultProtocol().configName());
                break;
            default:
                System.err.println(USAGE);
                System.exit(2);
        }
    }

    /** The configuration name of every {@link Protocol} but {@link Protocol#DEFAULT}, in declaration order. */
    static List<String> protocols()
    {
        final List<String> names = new ArrayList<>();
        for (final Protocol p : Protocol.values())
        {
            if (p != Protocol.DEFAULT)
            {
                names.add(p.configName());
            }
        }
        return names;
    }

    /**
     * The protocol {@link NodeConfig} chooses when {@code dsm.protocol} is not set, asked of
     * NodeConfig itself: a configuration with nothing but a one-node membership, read without
     * system property overrides ({@link NodeConfig#of}), so a {@code -Ddsm.protocol} given to this
     * JVM does not change the answer.
     */
    static Protocol defaultProtocol()
    {
        final Properties p = new Properties();
        p.setProperty(NodeConfig.NODES, "0@127.0.0.1:40100");
        p.setProperty(NodeConfig.NODE_ID, "0");
        return NodeConfig.of(p).protocol();
    }
}
