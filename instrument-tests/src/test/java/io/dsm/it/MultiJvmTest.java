package io.dsm.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.dsm.api.Protocol;
import io.dsm.examples.RelayDemo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three real JVMs with the real shaded agent, UDP on loopback, running the relay example under every protocol. */
@Timeout(180)
class MultiJvmTest
{
    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = "DEFAULT", mode = EnumSource.Mode.EXCLUDE)
    void relayExampleAgreesOnEveryJvm(final Protocol protocol, @TempDir final Path dir) throws Exception
    {
        final String examples = System.getProperty("dsm.examples.jar");
        assertTrue(examples != null && new File(examples).isFile(), "examples jar missing: " + examples);
        final int base = MultiJvmSupport.freeUdpPorts(3);
        final Path config = dir.resolve("dsm.properties");
        Files.writeString(config, "dsm.nodes=0@127.0.0.1:" + base + ",1@127.0.0.1:" + (base + 1) + ",2@127.0.0.1:" + (base + 2) +
            "\ndsm.fault.timeout.ms=20000\ndsm.aeron.dir=" + "/dev/shm/dsm-it-" + ProcessHandle.current().pid() + "\n");
        final List<JvmRunner.Child> children = new ArrayList<>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                children.add(JvmRunner.start(JvmRunner.command(config.toString(),
                    List.of("-Ddsm.node.id=" + i, "-Ddsm.protocol=" + protocol.configName(),
                        "-Ddsm.aeron.dir=/dev/shm/dsm-it-" + ProcessHandle.current().pid() + "-" + i),
                    examples, RelayDemo.class.getName(), "3", "4")));
            }
            for (int i = 0; i < 3; i++)
            {
                final JvmRunner.Outcome out = children.get(i).await(120);
                assertEquals(0, out.exitCode, protocol + ", node " + i + ":\n" + out.output);
                assertTrue(out.output.contains("node " + i + " walked 12 messages written by nodes [012012012012], sum 24018"),
                    "node " + i + ":\n" + out.output);
                assertTrue(out.output.contains(": OK"), out.output);
            }
        }
        finally
        {
            for (final JvmRunner.Child c : children)
            {
                c.close();
            }
            for (int i = 0; i < 3; i++)
            {
                MultiJvmSupport.deleteTree(Path.of("/dev/shm/dsm-it-" + ProcessHandle.current().pid() + "-" + i));
            }
        }
    }
}
