package io.dsm.it.consistency;

import java.util.List;

import io.dsm.api.Protocol;
import io.dsm.it.consistency.model.Cell;
import io.dsm.it.consistency.model.Slot;
import io.dsm.runtime.DsmCluster;

/**
 * Write-to-read causality: T0 writes x=1; T1 reads x, then writes y=1; T2 reads y, then x. Both
 * volatile (with a plain x the JMM would allow the outcome: T0's write would race with T2's read).
 * If T1 saw x=1 and T2 saw y=1, then T0's write happens-before T2's read of x: T2 seeing x=0 is
 * forbidden.
 *
 * <p>Fresh x and y every round; T2 reads x before the rendezvous so it holds a copy that T0's
 * write has to invalidate, and T1 does not, so it fetches x as it is.
 */
final class Wrc
{
    static final String FORBIDDEN = "T1:x1 T2:y1x0";
    /** T1 saw x=1 and T2 saw y=1: the rounds in which the forbidden outcome was possible at all. */
    static final String PREMISE = "T1:x1 T2:y1";

    static final Placement DISTINCT = new Placement("distinct", 0, 1, 2);
    static final Placement SAME_NODE = new Placement("same-node", 1, 1, 1);
    /** The writer and the relay share a node; the last reader is elsewhere. */
    static final Placement MIXED = new Placement("mixed", 0, 0, 1);

    private static final int T0 = 0, T1 = 1, T2 = 2;

    private Wrc()
    {
    }

    /** Runs {@code rounds} rounds on a fresh cluster; the outcome of each round, labelled like {@link #FORBIDDEN}. */
    static Histogram run(final Protocol protocol, final Placement placement, final int rounds) throws InterruptedException
    {
        final int[] r1 = new int[rounds], r2 = new int[rounds], r3 = new int[rounds];
        try (DsmCluster cluster = StressCluster.start(protocol, placement.clusterSize()))
        {
            SlotCursor.bind(cluster, "wrc", rounds);
            Rounds.run("wrc " + protocol.configName() + " " + placement, List.of(
                new Writer(SlotCursor.on(cluster, placement.node(T0), "wrc"), s -> s.x, 0),
                new Relay(SlotCursor.on(cluster, placement.node(T1), "wrc"), r1),
                new Observer(SlotCursor.on(cluster, placement.node(T2), "wrc"), r2, r3)),
                rounds, StressCluster.RUN_DEADLINE_MS);
        }
        final Histogram h = new Histogram();
        for (int r = 0; r < rounds; r++)
        {
            h.add("T1:x" + r1[r] + " T2:y" + r2[r] + "x" + r3[r]);
        }
        return h;
    }

    /** T1: reads x, then writes y. */
    private static final class Relay implements Role
    {
        private final SlotCursor cursor;
        private final int[] sawX;
        private Slot slot;

        Relay(final SlotCursor cursor, final int[] sawX)
        {
            this.cursor = cursor;
            this.sawX = sawX;
        }

        @Override
        public void prepare(final int round)
        {
            slot = cursor.at(round);
        }

        @Override
        public void act(final int round)
        {
            // sometimes after T0's write: on a node of its own that write is slowed by invalidating T2's copy
            Jitter.pause(500_000);
            sawX[round] = slot.x.value;
            slot.y.value = 1;
        }
    }

    /** T2: holds a copy of x, then reads y and x. */
    private static final class Observer implements Role
    {
        private final SlotCursor cursor;
        private final int[] sawY;
        private final int[] sawX;
        private Cell x;
        private Cell y;

        Observer(final SlotCursor cursor, final int[] sawY, final int[] sawX)
        {
            this.cursor = cursor;
            this.sawY = sawY;
            this.sawX = sawX;
        }

        @Override
        public void prepare(final int round)
        {
            final Slot s = cursor.at(round);
            x = s.x;
            y = s.y;
            Warm.copy(x, round);
        }

        @Override
        public void act(final int round)
        {
            // T1 pauses and takes two faults before it writes y, so without a longer pause T2 mostly
            // reads y first and the premise (T2 saw y=1) would rarely hold
            Jitter.pause(1_000_000);
            sawY[round] = y.value;
            sawX[round] = x.value;
        }
    }
}
