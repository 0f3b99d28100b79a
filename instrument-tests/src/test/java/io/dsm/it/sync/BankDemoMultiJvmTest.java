package io.dsm.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.dsm.api.Protocol;
import io.dsm.examples.BankDemo;
import io.dsm.it.JvmRunner;
import io.dsm.it.MultiJvmSupport;

/**
 * Three real JVMs with the real shaded agent: synchronized deposits, a wait/notifyAll mailbox, a
 * static synchronized ticket counter and a wait-based barrier, exact on every node.
 */
@Timeout(300)
class BankDemoMultiJvmTest
{
    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = {"IVY_FORWARDING_MANAGER", "IVY_DYNAMIC", "FULL_REPLICATION", "CENTRAL_SERVER", "MIGRATION"})
    void synchronizedWaitAndNotifyAreExactAcrossJvms(final Protocol protocol, @TempDir final Path dir) throws Exception
    {
        final String examples = System.getProperty("dsm.examples.jar");
        assertTrue(examples != null && new File(examples).isFile(), "examples jar missing: " + examples);
        final int base = MultiJvmSupport.freeUdpPorts(3);
        final String shm = "/dev/shm/dsm-it-bank-" + ProcessHandle.current().pid();
        final Path config = dir.resolve("dsm.properties");
        Files.writeString(config, "dsm.nodes=0@127.0.0.1:" + base + ",1@127.0.0.1:" + (base + 1) + ",2@127.0.0.1:" +
            (base + 2) + "\ndsm.fault.timeout.ms=20000\n");
        final List<JvmRunner.Child> children = new ArrayList<>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                children.add(JvmRunner.start(JvmRunner.command(config.toString(),
                    List.of("-Ddsm.node.id=" + i, "-Ddsm.protocol=" + protocol.configName(), "-Ddsm.aeron.dir=" + shm + "-" + i),
                    examples, BankDemo.class.getName(), "3", "500", "60")));
            }
            for (int i = 0; i < 3; i++)
            {
                final JvmRunner.Outcome out = children.get(i).await(240);
                assertEquals(0, out.exitCode, protocol + ", node " + i + ":\n" + out.output);
                assertTrue(out.output.contains("node " + i + ": balance 3000 of 3000, tickets 30 of 30, mailbox 60 items summing to 1830 of 1830"),
                    protocol + ", node " + i + ":\n" + out.output);
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
                MultiJvmSupport.deleteTree(Path.of(shm + "-" + i));
            }
        }
    }
}
