package io.dsm.it.consistency;

import java.util.List;

import io.dsm.api.Protocol;
import io.dsm.it.consistency.model.Cell;
import io.dsm.it.consistency.model.Slot;
import io.dsm.runtime.DsmCluster;

/**
 * Independent reads of independent writes: A writes x=1, B writes y=1, C reads x then y, D reads
 * y then x, all volatile. The synchronization order is total, so C and D cannot disagree on which
 * write came first: C seeing x only while D sees y only is forbidden.
 *
 * <p>Each round uses fresh x and y (objects of their own, so blocks of their own). Before the
 * rendezvous C reads y and D reads x, so each holds a copy of the variable it reads second: the
 * forbidden outcome then needs exactly a copy that the other writer failed to invalidate.
 */
final class Iriw
{
    static final String FORBIDDEN = "C:x1y0 D:y1x0";
    static final String C_SAW_X_ONLY = "C:x1y0";
    static final String D_SAW_Y_ONLY = "D:y1x0";

    static final Placement DISTINCT = new Placement("distinct", 0, 1, 2, 3);
    static final Placement SAME_NODE = new Placement("same-node", 1, 1, 1, 1);
    /** Each reader shares a node with the writer of the variable it reads first. */
    static final Placement MIXED = new Placement("mixed", 0, 1, 0, 1);

    /** Each role starts up to this late, so that each reader falls between the two writes in some rounds. */
    private static final long JITTER_NS = 1_000_000;
    private static final int A = 0, B = 1, C = 2, D = 3;

    private Iriw()
    {
    }

    /** Runs {@code rounds} rounds on a fresh cluster; the outcome of each round, labelled like {@link #FORBIDDEN}. */
    static Histogram run(final Protocol protocol, final Placement placement, final int rounds) throws InterruptedException
    {
        final int[] cx = new int[rounds], cy = new int[rounds], dy = new int[rounds], dx = new int[rounds];
        try (DsmCluster cluster = StressCluster.start(protocol, placement.clusterSize()))
        {
            SlotCursor.bind(cluster, "iriw", rounds);
            final SlotCursor a = SlotCursor.on(cluster, placement.node(A), "iriw");
            final SlotCursor b = SlotCursor.on(cluster, placement.node(B), "iriw");
            final SlotCursor c = SlotCursor.on(cluster, placement.node(C), "iriw");
            final SlotCursor d = SlotCursor.on(cluster, placement.node(D), "iriw");
            Rounds.run("iriw " + protocol.configName() + " " + placement, List.of(
                new Writer(a, s -> s.x, JITTER_NS), new Writer(b, s -> s.y, JITTER_NS),
                new Reader(c, true, cx, cy), new Reader(d, false, dy, dx)),
                rounds, StressCluster.RUN_DEADLINE_MS);
        }
        final Histogram h = new Histogram();
        for (int r = 0; r < rounds; r++)
        {
            h.add("C:x" + cx[r] + "y" + cy[r] + " D:y" + dy[r] + "x" + dx[r]);
        }
        return h;
    }

    /** C (x first) or D (y first): holds a copy of its second variable, then reads both. */
    private static final class Reader implements Role
    {
        private final SlotCursor cursor;
        private final boolean readsXFirst;
        private final int[] first;
        private final int[] second;
        private Cell firstCell;
        private Cell secondCell;

        Reader(final SlotCursor cursor, final boolean readsXFirst, final int[] first, final int[] second)
        {
            this.cursor = cursor;
            this.readsXFirst = readsXFirst;
            this.first = first;
            this.second = second;
        }

        @Override
        public void prepare(final int round)
        {
            final Slot s = cursor.at(round);
            firstCell = readsXFirst ? s.x : s.y;
            secondCell = readsXFirst ? s.y : s.x;
            Warm.copy(secondCell, round);
        }

        @Override
        public void act(final int round)
        {
            Jitter.pause(JITTER_NS);
            first[round] = firstCell.value;
            second[round] = secondCell.value;
        }
    }
}
