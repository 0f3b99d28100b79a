package io.dsm.it.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import io.dsm.it.JvmRunner;
import org.junit.jupiter.api.Test;

/**
 * The packaged agent jar's process barrier on each JDK: JDK 25 loads the FFM class from
 * META-INF/versions/22/ of the multi-release jar, JDK 17 the JNI library from META-INF/native/.
 * Runs io.dsm.runtime.barrier.ProcessBarrierMain in a child JVM (no agent attached), bounded in time.
 */
final class ProcessBarrierJdk25Test
{
    private static final Path JDK25_JAVA = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    private static final String MAIN = "io.dsm.runtime.barrier.ProcessBarrierMain";
    private static final int TIMEOUT_SECONDS = 60;

    private static void assumeLinuxX86()
    {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux") &&
            "amd64".equals(System.getProperty("os.arch")), "membarrier is checked on Linux x86_64 only");
    }

    private static void assumeJdk25()
    {
        assumeLinuxX86();
        assumeTrue(Files.isExecutable(JDK25_JAVA), "no JDK 25 at " + JDK25_JAVA + ": the FFM barrier is not checked");
    }

    @Test
    void jdk25UsesFfmFromTheMultiReleaseJar() throws Exception
    {
        assumeJdk25();
        final JvmRunner.Outcome outcome = JvmRunner.run(List.of(JDK25_JAVA.toString(), "--enable-native-access=ALL-UNNAMED",
            "-cp", JvmRunner.agentJar(), MAIN), TIMEOUT_SECONDS);
        assertEquals(0, outcome.exitCode, outcome.output);
        assertTrue(outcome.output.contains("probe: membarrier through FFM (JDK 25), PRIVATE_EXPEDITED registered"), outcome.output);
        assertTrue(outcome.output.contains("issued: ok"), outcome.output);
        assertTrue(!outcome.output.contains("WARNING"), "native access was granted, so no warning: " + outcome.output);
    }

    @Test
    void jdk25WithNativeAccessDeniedReportsUnavailable() throws Exception
    {
        assumeJdk25();
        final JvmRunner.Outcome outcome = JvmRunner.run(List.of(JDK25_JAVA.toString(), "--illegal-native-access=deny",
            "-cp", JvmRunner.agentJar(), MAIN), TIMEOUT_SECONDS);
        assertEquals(1, outcome.exitCode, outcome.output);
        assertTrue(outcome.output.contains("probe: native access refused: "), outcome.output);
    }

    @Test
    void jdk17UsesTheJniLibraryFromTheJar() throws Exception
    {
        assumeLinuxX86();
        assumeTrue(Runtime.version().feature() < 22, "the JNI check needs the tests to run on JDK 17-21");
        assumeTrue(Files.exists(Path.of("/usr/bin/gcc")), "the JNI library is built only where /usr/bin/gcc exists");
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final JvmRunner.Outcome outcome = JvmRunner.run(List.of(java, "-cp", JvmRunner.agentJar(), MAIN), TIMEOUT_SECONDS);
        assertEquals(0, outcome.exitCode, outcome.output);
        assertTrue(outcome.output.contains("probe: membarrier through JNI (JDK " + Runtime.version().feature() +
            "), PRIVATE_EXPEDITED registered"), outcome.output);
        assertTrue(outcome.output.contains("issued: ok"), outcome.output);
    }
}
