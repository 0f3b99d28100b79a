package io.dsm.benchmarks.messages;

import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.config.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;


/**
 * Counts the network messages of every kind of fault, for every protocol on 2, 4, 8 and 16 nodes
 * in one JVM, and sets them beside what each protocol's message diagram says (its class javadoc,
 * replayed by {@link ProtocolModel}) and beside Li and Hudak's (1989) count for the same fault. It
 * counts, it does not time: accesses are made one at a time from one thread, chosen by a seeded
 * {@link Workload}, and after each the cluster is left to quiesce (every message sent handled, then
 * nothing for a few ms) so that every message of a fault, the trailing Confirm included, is
 * charged to it. The same seed gives the same counts.
 *
 * <pre>
 * MessageCountBenchmark [--pattern=standard|uniform|read-mostly|producer-consumer|migratory] [--nodes=2,4,8,16]
 *     [--protocols=all|name,...] [--dynamic-broadcast=0,4] [--objects=4] [--reps=2] [--accesses=0]
 *     [--seed=1989] [--quiet-ms=2] [--out=benchmarks/target/results] [--chart=file.svg]
 * </pre>
 * Needs -javaagent:dsm-agent.jar (Page is @Shared). Protocol names are their config names
 * ({@code dsm.protocol}). The dynamic manager runs once per --dynamic-broadcast value
 * (dsm.dynamic.broadcast.every). Exits with status 1 if a read was stale, an access faulted when
 * the model said it would not (or the reverse), the cluster did not quiesce or a node failed; a
 * count that differs from the diagram is reported, not fatal.
 */
public final class MessageCountBenchmark
{
    private static final long MAX_QUIESCE_NS = TimeUnit.SECONDS.toNanos(5);

    private final Tally tally = new Tally();
    private final long quietNs;

    private MessageCountBenchmark(final long quietNs)
    {
        this.quietNs = quietNs;
    }

    public static void main(final String[] argv) throws IOException
    {
        final Args args = new Args(argv);
        final String pattern = args.get("pattern", "standard");
        final int[] nodeCounts = ints(args.get("nodes", "2,4,8,16"));
        final List<Variant> variants = Variant.of(args.get("protocols", "all"), ints(args.get("dynamic-broadcast", "0,4")));
        final int objects = Integer.parseInt(args.get("objects", "4"));
        final int reps = Integer.parseInt(args.get("reps", "2"));
        final int accesses = Integer.parseInt(args.get("accesses", "0"));
        final long seed = Long.parseLong(args.get("seed", "1989"));
        final double quietMs = Double.parseDouble(args.get("quiet-ms", "2"));
        final Path out = Path.of(args.get("out", "benchmarks/target/results"));
        Files.createDirectories(out);
        Workload.of(pattern, 2, objects, reps, accesses, seed); // rejects an unknown pattern before any cluster starts

        System.out.printf("== messages per fault: pattern %s, nodes %s, seed %d, %d objects, quiet window %s ms ==%n",
            pattern, args.get("nodes", "2,4,8,16"), seed, objects, quietMs);
        final MessageCountBenchmark benchmark = new MessageCountBenchmark((long)(quietMs * 1e6));
        final long start = System.nanoTime();
        for (final Variant v : variants)
        {
            for (final int n : nodeCounts)
            {
                final long t0 = System.nanoTime();
                // the same seed for every protocol: the patterns that do not look at the protocol's state
                // (uniform, read-mostly, migratory) then make the same accesses under every protocol
                final long workloadSeed = seed * 1_000_003L + n * 31L;
                benchmark.measure(v, n, Workload.of(pattern, n, objects, reps, accesses, workloadSeed), objects);
                final Tally.Health h = benchmark.tally.health(v, n);
                System.out.printf("   %-26s n=%-2d %4d accesses, %4d faults, %5.1f s%n", v.label, n, h.accesses, h.faults,
                    (System.nanoTime() - t0) / 1e9);
            }
        }
        System.out.printf("   total %.1f s%n%n", (System.nanoTime() - start) / 1e9);

        final Report report = new Report(benchmark.tally, variants, nodeCounts, pattern);
        report.printFaults();
        final boolean clean = report.printHealth();
        report.printSummary();
        report.printPerAccess();
        report.writeCsv(out.resolve("message-counts-" + pattern + ".csv"));
        if ("standard".equals(pattern) || args.has("chart"))
        {
            report.writeChart(Path.of(args.get("chart", out.resolve("messages-per-fault.svg").toString())));
        }
        System.exit(clean ? 0 : 1);
    }

    private static int[] ints(final String csv)
    {
        return Arrays.stream(csv.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    }

    /** Runs the workload on a fresh cluster of n nodes under one variant, one access at a time. */
    private void measure(final Variant v, final int n, final Workload workload, final int objects)
    {
        final Properties props = new Properties();
        props.setProperty(NodeConfig.PROTOCOL, v.protocol.configName());
        props.setProperty(NodeConfig.FAULT_TIMEOUT_MS, "20000");
        props.setProperty(NodeConfig.MIGRATION_HOLD_MS, "0");
        props.setProperty(NodeConfig.DYNAMIC_BROADCAST_EVERY, String.valueOf(v.broadcastEvery));
        final Tally.Health h = tally.health(v, n);
        try (CountingCluster cluster = new CountingCluster(n, props, "mc"))
        {
            // node 0 is the manager node: the lowest id, NodeConfig's default
            final ProtocolModel model = ProtocolModel.of(v.protocol, n, 0, v.broadcastEvery);
            final long[] lastWritten = new long[objects];
            for (int j = 0; j < objects; j++)
            {
                final int creator = workload.creator(j);
                model.register(creator, cluster.id(cluster.addObject(creator)));
            }
            if (!cluster.quiesce(quietNs, MAX_QUIESCE_NS))
            {
                h.quiesceTimeouts++;
            }
            long value = 0;
            Workload.Step step;
            while ((step = workload.next(model)) != null)
            {
                final Prediction p = model.access(step.object, step.node, step.write);
                final int mode = cluster.mode(step.object, step.node);
                final boolean faults = step.write ? mode != BlockState.WRITE : (mode & BlockState.NOT_READABLE) != 0;
                final long[] before = cluster.sent();
                if (step.write)
                {
                    cluster.write(step.object, step.node, ++value);
                    lastWritten[step.object] = value;
                }
                else
                {
                    final long seen = cluster.read(step.object, step.node);
                    if (seen != lastWritten[step.object])
                    {
                        h.staleReads++;
                        h.note("stale read: node " + step.node + " read " + seen + " from object " + step.object +
                            ", last written " + lastWritten[step.object]);
                    }
                }
                if (!cluster.quiesce(quietNs, MAX_QUIESCE_NS))
                {
                    h.quiesceTimeouts++;
                    h.note("no quiescence within 5 s after " + (step.write ? "a write" : "a read") + " on node " + step.node);
                }
                final long[] delta = cluster.sent();
                for (int t = 0; t < delta.length; t++)
                {
                    delta[t] -= before[t];
                }
                h.accesses++;
                if (faults != p.fault)
                {
                    h.faultDisagreements++;
                    h.note("node " + step.node + (step.write ? " write" : " read") + " of object " + step.object +
                        ": block state " + mode + (faults ? " faults" : " does not fault") + ", the model says the opposite");
                }
                if (p.fault)
                {
                    h.faults++;
                }
                tally.record(v, n, p, delta);
            }
            h.errors = cluster.errors();
        }
    }
}
