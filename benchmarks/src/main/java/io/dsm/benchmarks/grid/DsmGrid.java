package io.dsm.benchmarks.grid;

import io.dsm.api.Dsm;
import io.dsm.benchmarks.locks.Counts;
import io.dsm.runtime.DsmNode;
import io.dsm.runtime.DsmRuntime;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.config.NodeConfig;

/**
 * The dsm side of the grid benchmark: this JVM's node (started by the agent from the cluster's
 * configuration), {@code @Shared} records bound as named roots by node A (node 0, the manager).
 *
 * <p>Faults are counted here, without touching the runtime: before each access the block state
 * of the object is read, as {@code FaultBenchmark} does (the access faults when the block is not
 * readable, for a read, or not writable, for a write). Reading the state costs a load of a word
 * the access reads anyway.
 */
final class DsmGrid implements Grid
{
    static final String RECORD_ROOT = "grid-record";
    static final String COUNTER_ROOT = "grid-counter";
    static final String MIXED_ROOT = "grid-mixed-";
    private static final java.lang.invoke.VarHandle RECORD_STATE = BlockState.stateHandle(GridRecord.class);
    private static final java.lang.invoke.VarHandle COUNTER_STATE = BlockState.stateHandle(GridCounter.class);

    private final DsmNode node;
    private GridRecord record;
    private GridCounter counter;
    private GridRecord[] mixed;
    private long faults;

    private DsmGrid(final DsmNode node)
    {
        this.node = node;
    }

    /** This JVM's node; the agent must have started it ({@code -javaagent:dsm-agent.jar=<config>}). */
    static Grid open()
    {
        return new DsmGrid(DsmRuntime.defaultNode());
    }

    @Override
    public String system()
    {
        return "dsm";
    }

    @Override
    public String describe()
    {
        final NodeConfig c = node.config();
        return "dsm node " + node.id() + " of " + c.members().size() + " over Aeron UDP on 127.0.0.1, protocol " +
            c.protocol().configName() + ", idle strategy " + c.idleStrategy() + ", term " + c.termLength() +
            "; node 0 created every object and manages every block";
    }

    @Override
    public String create(final int records)
    {
        record = Dsm.root(RECORD_ROOT, GridRecord::new);
        counter = Dsm.root(COUNTER_ROOT, GridCounter::new);
        mixed = new GridRecord[records];
        for (int i = 0; i < records; i++)
        {
            mixed[i] = Dsm.root(MIXED_ROOT + i, GridRecord::new);
        }
        return "-";
    }

    @Override
    public void attach(final String fromA, final int records)
    {
        record = Dsm.root(RECORD_ROOT, DsmGrid::unbound);
        counter = Dsm.root(COUNTER_ROOT, DsmGrid::unbound);
        mixed = new GridRecord[records];
        for (int i = 0; i < records; i++)
        {
            mixed[i] = Dsm.root(MIXED_ROOT + i, DsmGrid::unbound);
        }
    }

    private static <T> T unbound()
    {
        throw new IllegalStateException("node A (node 0) binds the roots before it tells node B to look them up");
    }

    private static boolean writeFaults(final Object o, final java.lang.invoke.VarHandle stateOffset)
    {
        return BlockState.mode(BlockState.stateVolatile(stateOffset, o)) != BlockState.WRITE;
    }

    private static boolean readFaults(final Object o, final java.lang.invoke.VarHandle stateOffset)
    {
        return (BlockState.stateVolatile(stateOffset, o) & BlockState.NOT_READABLE) != 0;
    }

    @Override
    public void writeRecord(final long v)
    {
        write(record, v);
    }

    private void write(final GridRecord r, final long v)
    {
        if (writeFaults(r, RECORD_STATE))
        {
            faults++;
        }
        r.a = v;
        r.b = v;
        r.c = v;
        r.d = v;
    }

    @Override
    public long readRecord()
    {
        if (readFaults(record, RECORD_STATE))
        {
            faults++;
        }
        final GridRecord r = record;
        final long a = r.a;
        if (r.b != a || r.c != a || r.d != a)
        {
            return Long.MIN_VALUE; // a torn record: reported as a stale read
        }
        return a;
    }

    @Override
    public boolean willBeRemote(final boolean write)
    {
        return write ? writeFaults(record, RECORD_STATE) : readFaults(record, RECORD_STATE);
    }

    @Override
    public boolean tryTurn(final int parity)
    {
        final GridCounter c = counter;
        if (readFaults(c, COUNTER_STATE))
        {
            faults++;
        }
        final long v = c.value;
        if ((v & 1) != parity)
        {
            return false;
        }
        if (writeFaults(c, COUNTER_STATE))
        {
            faults++;
        }
        c.value = v + 1; // only this node increments while the parity is its own
        return true;
    }

    @Override
    public long counter()
    {
        return counter.value;
    }

    @Override
    public void plainExecute()
    {
        throw new UnsupportedOperationException("dsm has no executeOnKey");
    }

    @Override
    public long mixedRead(final int k)
    {
        final GridRecord r = mixed[k];
        if (readFaults(r, RECORD_STATE))
        {
            faults++;
        }
        return r.a + r.b + r.c + r.d;
    }

    @Override
    public void mixedWrite(final int k, final long v)
    {
        write(mixed[k], v);
    }

    @Override
    public long faults()
    {
        return faults;
    }

    @Override
    public long[] counters()
    {
        return Counts.snapshot(node);
    }

    @Override
    public double messages(final long[] delta)
    {
        final Counts c = new Counts(delta);
        return c.dataMessages() + c.lockMessages();
    }

    @Override
    public String messagesByType(final long[] delta, final double per)
    {
        final Counts c = new Counts(delta);
        return c.lockMessages() == 0 ? c.breakdown(false, per) : c.breakdown(false, per) + " " + c.breakdown(true, per);
    }

    @Override
    public String mixedNote()
    {
        return "";
    }

    @Override
    public String errors()
    {
        final long errors = node.errorCount();
        final long dropped = node.counters().totalDropped();
        return errors == 0 && dropped == 0 ? "" : "node " + node.id() + " recorded " + errors + " errors and dropped " + dropped +
            " frames: " + node.counters();
    }

    @Override
    public void close()
    {
        // the node leaves the cluster in the agent's shutdown hook
    }
}
