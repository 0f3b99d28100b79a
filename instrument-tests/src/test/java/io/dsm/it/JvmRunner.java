package io.dsm.it;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts child JVMs with the real shaded agent jar, bounded in time, and always cleans them up. */
public final class JvmRunner
{
    /** Exit code and combined output of a child JVM. */
    public static final class Outcome
    {
        public final int exitCode;
        public final String output;

        Outcome(final int exitCode, final String output)
        {
            this.exitCode = exitCode;
            this.output = output;
        }
    }

    /** A running child JVM whose output goes to a temporary file. */
    public static final class Child implements AutoCloseable
    {
        final Process process;
        final Path log;

        Child(final Process process, final Path log)
        {
            this.process = process;
            this.log = log;
        }

        public Outcome await(final int timeoutSeconds) throws Exception
        {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
            {
                final String threads = threadDump();
                process.destroyForcibly();
                throw new AssertionError("child JVM did not finish within " + timeoutSeconds + " s; output:\n" + output() +
                    "\nits threads when it was stopped:\n" + threads);
            }
            return new Outcome(process.exitValue(), output());
        }

        /** The child's threads (jcmd Thread.print, bounded), so a hang says where it hangs. */
        String threadDump()
        {
            try
            {
                final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
                final Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
                if (!p.waitFor(20, TimeUnit.SECONDS))
                {
                    p.destroyForcibly();
                    return "(jcmd did not answer within 20 s)";
                }
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
            catch (final Exception ex)
            {
                return "(no thread dump: " + ex + ")";
            }
        }

        String output() throws Exception
        {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws Exception
        {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(log);
        }
    }

    private JvmRunner()
    {
    }

    public static String agentJar()
    {
        final String jar = System.getProperty("dsm.agent.jar");
        if (jar == null || !new File(jar).isFile())
        {
            throw new IllegalStateException("dsm.agent.jar system property must point at the built agent jar, is " + jar);
        }
        return jar;
    }

    public static List<String> command(final String agentArgument, final List<String> jvmArgs, final String classPath,
        final String mainClass, final String... args)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-javaagent:" + agentJar() + (agentArgument == null ? "" : "=" + agentArgument));
        cmd.add("-Xmx256m");
        // a suite run in one write mode (-Ddsm.writes=cas) runs its child JVMs in it too, unless a test picks one
        final String writes = System.getProperty("dsm.writes");
        if (writes != null && jvmArgs.stream().noneMatch(a -> a.startsWith("-Ddsm.writes=")))
        {
            cmd.add("-Ddsm.writes=" + writes);
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    public static Child start(final List<String> command) throws Exception
    {
        final Path log = Files.createTempFile("dsm-child", ".log");
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Child(p, log);
    }

    public static Outcome run(final List<String> command, final int timeoutSeconds) throws Exception
    {
        try (Child child = start(command))
        {
            return child.await(timeoutSeconds);
        }
    }

    /** Runs a main class from this module's test class path with the agent and no node configuration. */
    public static Outcome runTestClass(final String mainClass, final List<String> jvmArgs, final int timeoutSeconds,
        final String... args) throws Exception
    {
        return run(command(null, jvmArgs, System.getProperty("java.class.path"), mainClass, args), timeoutSeconds);
    }
}
