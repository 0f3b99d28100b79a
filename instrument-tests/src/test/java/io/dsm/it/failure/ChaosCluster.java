package io.dsm.it.failure;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.dsm.examples.chaos.ChaosWorkload;
import io.dsm.it.JvmRunner;
import io.dsm.it.MultiJvmSupport;

/**
 * Three real JVMs running {@link ChaosWorkload} with the real shaded agent over UDP on loopback,
 * and the driver's side of it: wait for the lines the nodes print, kill the victim with SIGKILL,
 * tell the survivors when, collect their summary lines. Every wait is bounded; {@link #close()}
 * kills what still runs and deletes the Aeron directories.
 */
final class ChaosCluster implements AutoCloseable
{
    static final int NODES = 3;
    private static final AtomicInteger RUNS = new AtomicInteger();

    /** The settings of one run. */
    static final class Settings
    {
        String protocol = "ivy-forwarding-manager";
        int victim = 2;
        boolean kill = true;
        int cells = 8;
        long phase1Ms = 1500;
        long afterMs = 3000;
        long failureTimeoutMs = 1000;
        long heartbeatMs = 100;
        long faultTimeoutMs = 5000;
        long leaveTimeoutMs = 2000;

        long maxPauseMs()
        {
            return failureTimeoutMs + faultTimeoutMs;
        }

        @Override
        public String toString()
        {
            return protocol + ", victim node " + victim + (kill ? "" : " (not killed)");
        }
    }

    private final Settings settings;
    private final Path dir;
    private final String shmPrefix;
    private final Path killFile;
    private final Process[] processes = new Process[NODES];
    private final Path[] logs = new Path[NODES];
    private long killedAt = -1;

    ChaosCluster(final Settings settings, final Path dir)
    {
        this.settings = settings;
        this.dir = dir;
        this.shmPrefix = "/dev/shm/dsm-chaos-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet();
        this.killFile = dir.resolve("killed-at");
    }

    static String examplesJar()
    {
        final String examples = System.getProperty("dsm.examples.jar");
        if (examples == null || !new File(examples).isFile())
        {
            throw new IllegalStateException("examples jar missing: " + examples + " (build it: mvn -o -q -B install -DskipTests)");
        }
        return examples;
    }

    void start() throws Exception
    {
        final int base = MultiJvmSupport.freeUdpPorts(NODES);
        final StringBuilder members = new StringBuilder();
        for (int i = 0; i < NODES; i++)
        {
            members.append(i == 0 ? "" : ",").append(i).append("@127.0.0.1:").append(base + i);
        }
        final Path config = dir.resolve("dsm.properties");
        Files.writeString(config, "dsm.nodes=" + members +
            "\ndsm.failure.timeout.ms=" + settings.failureTimeoutMs +
            "\ndsm.heartbeat.interval.ms=" + settings.heartbeatMs +
            "\ndsm.fault.timeout.ms=" + settings.faultTimeoutMs +
            "\ndsm.leave.timeout.ms=" + settings.leaveTimeoutMs +
            "\ndsm.connect.timeout.ms=30000\n");
        for (int i = 0; i < NODES; i++)
        {
            final List<String> jvm = new ArrayList<>(List.of(
                "-Ddsm.node.id=" + i,
                "-Ddsm.protocol=" + settings.protocol,
                "-Ddsm.aeron.dir=" + shmPrefix + "-" + i,
                "-Dchaos.victim=" + settings.victim,
                "-Dchaos.kill=" + settings.kill,
                "-Dchaos.killfile=" + killFile,
                "-Dchaos.cells=" + settings.cells,
                "-Dchaos.phase1.ms=" + settings.phase1Ms,
                "-Dchaos.after.ms=" + settings.afterMs,
                "-Dchaos.max.pause.ms=" + settings.maxPauseMs(),
                "-Dchaos.verify.failures=1"));
            logs[i] = dir.resolve("node-" + i + ".log");
            processes[i] = new ProcessBuilder(JvmRunner.command(config.toString(), jvm, examplesJar(),
                ChaosWorkload.class.getName())).redirectErrorStream(true).redirectOutput(logs[i].toFile()).start();
        }
    }

    String output(final int node)
    {
        try
        {
            return Files.readString(logs[node], StandardCharsets.UTF_8);
        }
        catch (final Exception ex)
        {
            return "(no output: " + ex + ")";
        }
    }

    String outputs()
    {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < NODES; i++)
        {
            b.append("---- node ").append(i).append(i == settings.victim ? " (victim)" : "").append(":\n").append(output(i));
        }
        return b.toString();
    }

    /** Waits until node {@code node} printed a line starting with {@code marker}; fails if it ended or the time passed. */
    void awaitLine(final int node, final String marker, final long timeoutMs) throws Exception
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (true)
        {
            if (output(node).lines().anyMatch(l -> l.startsWith(marker)))
            {
                return;
            }
            if (!processes[node].isAlive())
            {
                throw new AssertionError(settings + ": node " + node + " ended (exit " + processes[node].exitValue() +
                    ") before it printed " + marker + "\n" + outputs());
            }
            if (System.currentTimeMillis() > deadline)
            {
                throw new AssertionError(settings + ": node " + node + " did not print " + marker + " within " + timeoutMs +
                    " ms\n" + outputs());
            }
            Thread.sleep(20);
        }
    }

    /** kill -9 the victim (Process.destroyForcibly sends SIGKILL), then tell the survivors when, through the kill file. */
    void killVictim() throws Exception
    {
        final Process victim = processes[settings.victim];
        if (!victim.isAlive())
        {
            throw new AssertionError(settings + ": the victim ended by itself (exit " + victim.exitValue() + ") before the kill\n" +
                outputs());
        }
        killedAt = System.currentTimeMillis();
        victim.destroyForcibly();
        if (!victim.waitFor(10, TimeUnit.SECONDS))
        {
            throw new AssertionError(settings + ": the victim did not die within 10 s of SIGKILL");
        }
        final Path tmp = dir.resolve("killed-at.tmp");
        Files.writeString(tmp, Long.toString(killedAt), StandardCharsets.US_ASCII);
        Files.move(tmp, killFile, StandardCopyOption.ATOMIC_MOVE);
    }

    long killedAt()
    {
        return killedAt;
    }

    /** Waits for a node to exit; its exit code, or an assertion error with every output after the time. */
    int awaitExit(final int node, final long timeoutMs) throws Exception
    {
        if (!processes[node].waitFor(timeoutMs, TimeUnit.MILLISECONDS))
        {
            throw new AssertionError(settings + ": node " + node + " did not finish within " + timeoutMs + " ms\n" + outputs());
        }
        return processes[node].exitValue();
    }

    /** The node's CHAOS summary line as key → value, empty if it printed none. */
    Map<String, String> summary(final int node)
    {
        final Map<String, String> fields = new LinkedHashMap<>();
        output(node).lines().filter(l -> l.startsWith("CHAOS ")).reduce((a, b) -> b).ifPresent(line ->
        {
            for (final String token : line.substring("CHAOS ".length()).trim().split("\\s+"))
            {
                final int eq = token.indexOf('=');
                if (eq > 0)
                {
                    fields.put(token.substring(0, eq), token.substring(eq + 1));
                }
            }
        });
        return fields;
    }

    /** The node's CHAOS-ERROR lines and summary line. */
    String report(final int node)
    {
        final StringBuilder b = new StringBuilder();
        output(node).lines().filter(l -> l.startsWith("CHAOS")).forEach(l -> b.append("  ").append(l).append('\n'));
        return b.toString();
    }

    @Override
    public void close() throws Exception
    {
        for (final Process p : processes)
        {
            if (p != null)
            {
                p.destroyForcibly();
            }
        }
        for (final Process p : processes)
        {
            if (p != null)
            {
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        for (int i = 0; i < NODES; i++)
        {
            MultiJvmSupport.deleteTree(Path.of(shmPrefix + "-" + i));
        }
    }
}
