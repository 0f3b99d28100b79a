package io.dsm.examples.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Who writes which cell, and what must become of it when the victim is killed: the same on every
 * node, computed from the number of cells per node, the victim, the protocol and the manager.
 *
 * <p>Three nodes, 0, 1 and 2, each creating {@code cells} cells. Cell k of node c is written by
 * c itself for k &lt; cells/2, by node c+1 for the next quarter and by node c+2 for the last quarter
 * (mod 3), so every node writes cells that other nodes created and ownership moves between nodes.
 * Each cell is in one of four groups:
 * <ul>
 * <li>{@link Kind#LIVE}: a survivor writes it all run long; the others read it.</li>
 * <li>{@link Kind#SHADOWED} (k % 4 == 1, a survivor writes it): nobody touches it in the last moments
 *     before the kill except the victim, which reads it last. Under the IVY protocols the survivor
 *     stays owner and the victim dies in its copyset (the next write must not wait for the dead copy);
 *     under migration the victim took the only copy: lost.</li>
 * <li>{@link Kind#KEPT} (the victim writes it, even k): the victim stops writing it before the kill and
 *     the survivors then read it, so they hold copies: it must survive with the victim's last value.</li>
 * <li>{@link Kind#DOOMED} (the victim writes it, odd k): only the victim touches it after its creation,
 *     writing it until it is killed: every copy dies with it (under the caching protocols).</li>
 * </ul>
 * Expected losses (kill mode), "every copy was on the dead node", per protocol:
 * <ul>
 * <li>{@code central-server}: the cells the victim created (their home holds the only data).</li>
 * <li>{@code full-replication}: the doomed cells the victim created, and only if the victim is the
 *     sequencer (a write of any other node reaches the sequencer's copy; a creator keeps its copy).</li>
 * <li>{@code migration}: the doomed and the shadowed cells (one copy, and the victim had it last).</li>
 * <li>the IVY protocols: the doomed cells (the victim owned them and nobody had a copy).</li>
 * </ul>
 */
public final class ChaosPlan
{
    public static final int NODES = 3;

    /** What a cell is for; see the class comment. */
    public enum Kind
    {
        LIVE, SHADOWED, KEPT, DOOMED
    }

    /** One cell: creator, k, its global index, writer and kind. */
    public static final class Cell
    {
        public final int creator;
        public final int k;
        public final int index;
        public final int writer;
        public final Kind kind;
        public final boolean expectedLost;

        Cell(final int creator, final int k, final int index, final int writer, final Kind kind, final boolean expectedLost)
        {
            this.creator = creator;
            this.k = k;
            this.index = index;
            this.writer = writer;
            this.kind = kind;
            this.expectedLost = expectedLost;
        }

        public String rootName()
        {
            return rootName(creator, k);
        }

        public static String rootName(final int creator, final int k)
        {
            return "cell-" + creator + "-" + k;
        }

        @Override
        public String toString()
        {
            return rootName() + " (" + kind.name().toLowerCase(Locale.ROOT) + ", written by node " + writer + ")";
        }
    }

    private final int cellsPerNode;
    private final int victim;
    private final String protocol;
    private final int manager;
    private final boolean kill;
    private final List<Cell> cells = new ArrayList<>();

    public ChaosPlan(final int cellsPerNode, final int victim, final String protocol, final int manager, final boolean kill)
    {
        if (cellsPerNode < 4 || cellsPerNode % 4 != 0)
        {
            throw new IllegalArgumentException("cells per node must be a positive multiple of 4, is " + cellsPerNode);
        }
        if (victim < 0 || victim >= NODES)
        {
            throw new IllegalArgumentException("the victim must be a node id 0.." + (NODES - 1) + ", is " + victim);
        }
        if (!knownProtocol(protocol))
        {
            throw new IllegalArgumentException("unknown protocol '" + protocol + "'");
        }
        this.cellsPerNode = cellsPerNode;
        this.victim = victim;
        this.protocol = protocol;
        this.manager = manager;
        this.kill = kill;
        for (int c = 0; c < NODES; c++)
        {
            for (int k = 0; k < cellsPerNode; k++)
            {
                final int writer = writer(c, k);
                final Kind kind;
                if (writer == victim)
                {
                    kind = k % 2 == 0 ? Kind.KEPT : Kind.DOOMED;
                }
                else
                {
                    kind = k % 4 == 1 ? Kind.SHADOWED : Kind.LIVE;
                }
                cells.add(new Cell(c, k, c * cellsPerNode + k, writer, kind, kill && lost(c, kind)));
            }
        }
    }

    private int writer(final int creator, final int k)
    {
        if (k < cellsPerNode / 2)
        {
            return creator;
        }
        return (creator + (k < cellsPerNode * 3 / 4 ? 1 : 2)) % NODES;
    }

    private boolean lost(final int creator, final Kind kind)
    {
        switch (protocol)
        {
            case "central-server":
                return creator == victim;
            case "full-replication":
                return kind == Kind.DOOMED && creator == victim && victim == manager;
            case "migration":
                return kind == Kind.DOOMED || kind == Kind.SHADOWED;
            default:
                return kind == Kind.DOOMED;
        }
    }

    static boolean knownProtocol(final String name)
    {
        switch (name)
        {
            case "central-server":
            case "migration":
            case "ivy-broadcast":
            case "ivy-central-manager":
            case "ivy-forwarding-manager":
            case "ivy-fixed-low-bits":
            case "ivy-fixed-high-bits":
            case "ivy-fixed-hash":
            case "ivy-dynamic":
            case "full-replication":
                return true;
            default:
                return false;
        }
    }

    /** What the victim is to the cluster: the root manager (and block manager or sequencer), or a plain owner. */
    public String victimRole()
    {
        if (victim == manager)
        {
            return "full-replication".equals(protocol) ? "sequencer" : "manager";
        }
        return "owner";
    }

    public int cellsPerNode()
    {
        return cellsPerNode;
    }

    public int victim()
    {
        return victim;
    }

    public String protocol()
    {
        return protocol;
    }

    public boolean kill()
    {
        return kill;
    }

    /** Every cell, creator by creator. */
    public List<Cell> cells()
    {
        return cells;
    }

    public Cell cell(final int creator, final int k)
    {
        return cells.get(creator * cellsPerNode + k);
    }

    public List<Cell> select(final Predicate<Cell> which)
    {
        final List<Cell> out = new ArrayList<>();
        for (final Cell c : cells)
        {
            if (which.test(c))
            {
                out.add(c);
            }
        }
        return out;
    }

    /** Whether the victim's death could take this cell: it created it, wrote it, or read it last. */
    public boolean touchedByVictim(final Cell c)
    {
        return c.creator == victim || c.writer == victim || c.kind == Kind.SHADOWED;
    }

    public int expectedLost()
    {
        return select(c -> c.expectedLost).size();
    }
}
