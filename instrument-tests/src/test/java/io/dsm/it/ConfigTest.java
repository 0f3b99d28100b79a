package io.dsm.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import io.dsm.api.DsmConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.dsm.runtime.config.NodeConfig;

/** Bad configuration stops the start with a message that names the problem. */
@Timeout(120)
class ConfigTest
{
    private static String error(final String... keyValues)
    {
        final Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2)
        {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return assertThrows(DsmConfigException.class, () -> NodeConfig.of(p)).getMessage();
    }

    @Test
    void eachProblemIsNamed()
    {
        assertTrue(error("dsm.nodes", "0@127.0.0.1:1", "dsm.node.id", "0", "dsm.nodez", "x").contains("unknown configuration key 'dsm.nodez'"));
        assertTrue(error("dsm.nodes", "0@127.0.0.1", "dsm.node.id", "0").contains("'0@127.0.0.1' is malformed"));
        assertTrue(error("dsm.nodes", "0@127.0.0.1:70000", "dsm.node.id", "0").contains("port 70000"));
        assertTrue(error("dsm.nodes", "0@h:1,0@h:2", "dsm.node.id", "0").contains("names node id 0 twice"));
        assertTrue(error("dsm.nodes", "0@h:1,1@h:1", "dsm.node.id", "0").contains("endpoint h:1 twice"));
        assertTrue(error("dsm.nodes", "0@h:1,1@h:2").contains("missing required key dsm.node.id"));
        assertTrue(error("dsm.node.id", "0").contains("missing required key dsm.nodes"));
        assertTrue(error("dsm.nodes", "0@h:1,1@h:2", "dsm.node.id", "5").contains("dsm.node.id=5 is not a member"));
        assertTrue(error("dsm.nodes", "0@h:1", "dsm.node.id", "0", "dsm.fault.timeout.ms", "-1").contains("must be positive"));
        assertTrue(error("dsm.nodes", "0@h:1", "dsm.node.id", "0", "dsm.term.length", "1000").contains("power of two"));
        assertTrue(error("dsm.nodes", "0@h:1", "dsm.node.id", "0", "dsm.idle.strategy", "fast").contains("not one of"));
        assertTrue(error("dsm.nodes", "0@h:1", "dsm.node.id", "0", "dsm.shared.classes", "com.x.Foo,1bad").contains("'1bad'"));
        assertEquals(2, NodeConfig.of(props("dsm.nodes", "0@h:1,1@h:2", "dsm.node.id", "1")).members().size());
    }

    private static Properties props(final String... kv)
    {
        final Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2)
        {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void theAgentRefusesToStartAJvmWithBadConfiguration(@TempDir final Path dir) throws Exception
    {
        final Path unknownClass = dir.resolve("unknown-class.properties");
        Files.writeString(unknownClass, "dsm.shared.classes=com.example.DoesNotExist\n");
        JvmRunner.Outcome out = JvmRunner.run(JvmRunner.command(unknownClass.toString(), List.of(),
            System.getProperty("java.class.path"), "java.lang.Object"), 60);
        assertEquals(2, out.exitCode, out.output);
        assertTrue(out.output.contains("dsm.shared.classes names com.example.DoesNotExist"), out.output);

        final Path badAddress = dir.resolve("bad-address.properties");
        Files.writeString(badAddress, "dsm.nodes=0@127.0.0.1:40000,1@nowhere\ndsm.node.id=0\n");
        out = JvmRunner.run(JvmRunner.command(badAddress.toString(), List.of(),
            System.getProperty("java.class.path"), "java.lang.Object"), 60);
        assertEquals(2, out.exitCode, out.output);
        assertTrue(out.output.contains("'1@nowhere' is malformed"), out.output);

        out = JvmRunner.run(JvmRunner.command(dir.resolve("missing.properties").toString(), List.of(),
            System.getProperty("java.class.path"), "java.lang.Object"), 60);
        assertEquals(2, out.exitCode, out.output);
        assertTrue(out.output.contains("does not exist"), out.output);
    }
}
