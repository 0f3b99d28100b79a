package io.dsm.benchmarks.locks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.dsm.api.Protocol;
import io.dsm.runtime.DsmCluster;
import io.dsm.runtime.DsmNode;
import io.dsm.runtime.config.NodeConfig;
import io.dsm.runtime.wire.MessageCounters;

/**
 * Messages of a cluster lock, counted one acquire at a time, for every protocol: three nodes in
 * one JVM (Aeron IPC), the lock object created by node 0 (so node 0 is the lock's manager and the
 * token is born there). One thread makes a fixed sequence of {@code synchronized} blocks on the
 * replicas of chosen nodes; after each the cluster is left to quiesce (every message sent has
 * been handled, then nothing moved for a quiet window), and the messages of that block are the
 * difference of the sent counters of all nodes. The counts are deterministic.
 *
 * <p>Each acquire is classed by where the token was: cached (the acquiring node had it: 0
 * messages expected), requester is the manager (R=M: forward, token: 2), last holder is the
 * manager (H=M: request, token: 2), all three distinct (request, forward, token: 3). The sequence
 * runs twice on two objects: with an empty critical section (lock messages only), and with a
 * read-modify-write of one field of the lock object ({@code cell.value = cell.value + 1}), whose
 * data messages depend on the protocol. The final value is read on every node and must equal the
 * number of critical sections.
 *
 * <pre>
 * LockMessageCounts [--protocols=all|name,...] [--reps=3] [--quiet-ms=2]
 * </pre>
 * Needs -javaagent:dsm-agent.jar (LockCell is @Shared). Exits with 1 if a value is wrong, the
 * cluster did not quiesce or a node recorded an error; a lock count other than the expected one
 * is printed as DIFFERS, not fatal.
 */
public final class LockMessageCounts
{
    private static final int NODES = 3;
    /** Node 0 first (the token is born there), then every kind of hand-off several times. */
    private static final int[] SEQUENCE = {0, 0, 1, 1, 2, 2, 0, 2, 1, 0, 1, 2, 2, 0, 0};
    private static final String[] KINDS = {"cached", "R=M", "H=M", "distinct"};
    private static final int[] EXPECTED_LOCK = {0, 2, 2, 3};
    private static final long MAX_QUIESCE_NS = TimeUnit.SECONDS.toNanos(5);
    private static final int T = MessageCounters.TYPES.length;

    private final long quietNs;
    private boolean healthy = true;
    private final List<String> problems = new ArrayList<>();

    /** Per kind of acquire: how many, and the messages they sent by type. */
    private static final class Tally
    {
        final long[] acquires = new long[KINDS.length];
        final long[][] byType = new long[KINDS.length][T];
        final long[] minData = new long[KINDS.length];
        final long[] maxData = new long[KINDS.length];

        Tally()
        {
            Arrays.fill(minData, Long.MAX_VALUE);
        }

        void add(final int kind, final long[] delta)
        {
            acquires[kind]++;
            long data = 0;
            for (int t = 1; t < T; t++)
            {
                byType[kind][t] += delta[t];
                data += Counts.isLock(t) ? 0 : delta[t];
            }
            minData[kind] = Math.min(minData[kind], data);
            maxData[kind] = Math.max(maxData[kind], data);
        }

        double lock(final int kind)
        {
            long n = 0;
            for (int t = 1; t < T; t++)
            {
                n += Counts.isLock(t) ? byType[kind][t] : 0;
            }
            return n / (double)acquires[kind];
        }

        double data(final int kind)
        {
            long n = 0;
            for (int t = 1; t < T; t++)
            {
                n += Counts.isLock(t) ? 0 : byType[kind][t];
            }
            return n / (double)acquires[kind];
        }

        /** Data messages by type per acquire, over the given kinds together. */
        String dataBreakdown(final int... kinds)
        {
            long count = 0;
            final long[] sum = new long[T];
            for (final int k : kinds)
            {
                count += acquires[k];
                for (int t = 1; t < T; t++)
                {
                    sum[t] += byType[k][t];
                }
            }
            final StringBuilder sb = new StringBuilder();
            for (int t = 1; t < T; t++)
            {
                if (sum[t] != 0 && !Counts.isLock(t))
                {
                    sb.append(sb.length() == 0 ? "" : " ").append(MessageCounters.TYPES[t]).append('=')
                        .append(num(sum[t] / (double)count));
                }
            }
            return sb.length() == 0 ? "-" : sb.toString();
        }
    }

    private LockMessageCounts(final long quietNs)
    {
        this.quietNs = quietNs;
    }

    public static void main(final String[] argv)
    {
        String protocols = "all";
        int reps = 3;
        double quietMs = 2;
        for (final String a : argv)
        {
            if (a.startsWith("--protocols="))
            {
                protocols = a.substring("--protocols=".length());
            }
            else if (a.startsWith("--reps="))
            {
                reps = Integer.parseInt(a.substring("--reps=".length()));
            }
            else if (a.startsWith("--quiet-ms="))
            {
                quietMs = Double.parseDouble(a.substring("--quiet-ms=".length()));
            }
            else
            {
                System.err.println("usage: LockMessageCounts [--protocols=all|name,...] [--reps=3] [--quiet-ms=2]");
                System.exit(2);
            }
        }
        final LockMessageCounts counts = new LockMessageCounts((long)(quietMs * 1e6));
        System.out.printf("== lock messages per acquire: %d nodes in one JVM over Aeron IPC, node 0 created the lock (its manager); " +
            "one acquire at a time, quiesced; sequence %s x %d ==%n", NODES, Arrays.toString(SEQUENCE), reps);
        System.out.println("kinds: cached = the acquiring node had the token (expected 0); R=M = the requester is the manager " +
            "(expected 2: forward, token); H=M = the last holder is the manager (2: request, token); distinct = requester, " +
            "manager and last holder all differ (3: request, forward, token)");
        System.out.printf("%-24s | %-34s | %-40s | %s%n", "", "lock messages per acquire", "data messages of the critical section " +
            "value = value + 1", "");
        System.out.printf("%-24s | %7s %7s %7s %8s | %9s %9s %9s %9s | %s%n", "protocol", KINDS[0], KINDS[1], KINDS[2], KINDS[3],
            KINDS[0], KINDS[1], KINDS[2], KINDS[3], "data messages by type: cached / remote (all remote kinds)");
        final List<String> differs = new ArrayList<>();
        for (final Protocol p : Protocol.values())
        {
            if (p == Protocol.DEFAULT ||
                !("all".equals(protocols) || Arrays.asList(protocols.split(",")).contains(p.configName())))
            {
                continue;
            }
            final Tally[] t = counts.measure(p, reps);
            final Tally empty = t[0];
            final Tally rmw = t[1];
            final StringBuilder lockCols = new StringBuilder();
            for (int k = 0; k < KINDS.length; k++)
            {
                lockCols.append(String.format(Locale.ROOT, k == 3 ? " %8s" : " %7s", num(empty.lock(k))));
                if (empty.lock(k) != EXPECTED_LOCK[k] || rmw.lock(k) != EXPECTED_LOCK[k])
                {
                    differs.add(p.configName() + " " + KINDS[k] + ": " + num(empty.lock(k)) + " (empty), " + num(rmw.lock(k)) +
                        " (read-modify-write), expected " + EXPECTED_LOCK[k]);
                }
            }
            final StringBuilder dataCols = new StringBuilder();
            for (int k = 0; k < KINDS.length; k++)
            {
                final String range = rmw.minData[k] == rmw.maxData[k] ? "" : " (" + rmw.minData[k] + "-" + rmw.maxData[k] + ")";
                dataCols.append(String.format(Locale.ROOT, " %9s", num(rmw.data(k)) + range));
                if (empty.data(k) != 0)
                {
                    differs.add(p.configName() + " " + KINDS[k] + ": an empty critical section sent " + num(empty.data(k)) +
                        " data messages per acquire");
                }
            }
            System.out.printf("%-24s |%s |%s | %s / %s%n", p.configName(), lockCols, dataCols, rmw.dataBreakdown(0),
                rmw.dataBreakdown(1, 2, 3));
        }
        System.out.println();
        System.out.println(differs.isEmpty() ? "every lock count is the expected one (cached 0, R=M 2, H=M 2, distinct 3), " +
            "and an empty critical section sent no data message" : "DIFFERS:\n  " + String.join("\n  ", differs));
        if (!counts.problems.isEmpty())
        {
            System.out.println("PROBLEMS:\n  " + String.join("\n  ", counts.problems));
        }
        System.exit(counts.healthy ? 0 : 1);
    }

    /** Both sequences under one protocol on a fresh cluster: [0] empty critical sections, [1] read-modify-write. */
    private Tally[] measure(final Protocol protocol, final int reps)
    {
        final Properties props = new Properties();
        props.setProperty(NodeConfig.PROTOCOL, protocol.configName());
        props.setProperty(NodeConfig.FAULT_TIMEOUT_MS, "20000");
        props.setProperty(NodeConfig.MIGRATION_HOLD_MS, "0");
        try (DsmCluster cluster = DsmCluster.start(NODES, props))
        {
            final LockCell[] empty = replicas(cluster, "lmc-empty");
            final LockCell[] rmw = replicas(cluster, "lmc-rmw");
            quiesce(cluster, protocol, "start");
            final Tally emptyTally = run(cluster, protocol, empty, false, reps);
            final Tally rmwTally = run(cluster, protocol, rmw, true, reps);
            final long expected = (long)SEQUENCE.length * reps;
            for (int i = 0; i < NODES; i++)
            {
                final long seen = Loops.read(rmw[i]);
                if (seen != expected)
                {
                    problem(protocol, "node " + i + " read " + seen + " after " + expected + " increments under the lock");
                }
            }
            for (final DsmNode node : cluster.nodes())
            {
                if (node.errorCount() != 0 || node.counters().totalDropped() != 0)
                {
                    problem(protocol, "node " + node.id() + " recorded " + node.errorCount() + " errors, dropped " +
                        node.counters().totalDropped() + " frames");
                }
            }
            return new Tally[] {emptyTally, rmwTally};
        }
    }

    private Tally run(final DsmCluster cluster, final Protocol protocol, final LockCell[] cell, final boolean rmw, final int reps)
    {
        final Tally tally = new Tally();
        int holder = 0; // the token is born at the lock's creator, node 0
        for (int r = 0; r < reps; r++)
        {
            for (final int node : SEQUENCE)
            {
                final int kind = node == holder ? 0 : node == 0 ? 1 : holder == 0 ? 2 : 3;
                final long[] before = sent(cluster);
                final LockCell c = cell[node];
                synchronized (c)
                {
                    if (rmw)
                    {
                        c.value = c.value + 1;
                    }
                }
                quiesce(cluster, protocol, "an acquire on node " + node);
                final long[] delta = sent(cluster);
                for (int t = 0; t < T; t++)
                {
                    delta[t] -= before[t];
                }
                tally.add(kind, delta);
                holder = node;
            }
        }
        return tally;
    }

    /** Node 0 creates the object (and its lock); every other node gets its replica. */
    private static LockCell[] replicas(final DsmCluster cluster, final String name)
    {
        final LockCell[] r = new LockCell[NODES];
        r[0] = cluster.node(0).root(name, LockCell::new);
        for (int i = 1; i < NODES; i++)
        {
            r[i] = cluster.node(i).root(name, () -> { throw new IllegalStateException(name + " should be bound by node 0"); });
        }
        return r;
    }

    private static long[] sent(final DsmCluster cluster)
    {
        final long[] sum = new long[T];
        for (final DsmNode node : cluster.nodes())
        {
            final long[] s = node.counters().sentSnapshot();
            for (int t = 1; t < T; t++)
            {
                sum[t] += s[t];
            }
        }
        return sum;
    }

    /**
     * Waits until every message sent has been handled (a node counts a received message after its
     * handler returns, and a handler counts what it sends before it returns) and nothing has moved
     * for the quiet window; as in the message-count benchmark's CountingCluster.
     */
    private void quiesce(final DsmCluster cluster, final Protocol protocol, final String after)
    {
        final long start = System.nanoTime();
        long lastSent = -1;
        long stableSince = start;
        while (true)
        {
            final long now = System.nanoTime();
            long sent = 0;
            long handled = 0;
            for (final DsmNode node : cluster.nodes())
            {
                final MessageCounters c = node.counters();
                sent += c.totalSent();
                for (int t = 1; t < T; t++)
                {
                    handled += c.received(MessageCounters.TYPES[t]);
                }
                handled += c.totalDropped();
            }
            if (sent != lastSent || sent != handled)
            {
                lastSent = sent;
                stableSince = now;
            }
            else if (now - stableSince >= quietNs)
            {
                return;
            }
            if (now - start > MAX_QUIESCE_NS)
            {
                problem(protocol, "no quiescence within 5 s after " + after);
                return;
            }
            LockSupport.parkNanos(100_000);
        }
    }

    private void problem(final Protocol protocol, final String what)
    {
        healthy = false;
        problems.add(protocol.configName() + ": " + what);
    }

    private static String num(final double v)
    {
        return v == Math.rint(v) ? String.valueOf((long)v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
