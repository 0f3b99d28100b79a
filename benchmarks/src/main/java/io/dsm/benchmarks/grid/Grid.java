package io.dsm.benchmarks.grid;

/**
 * What one JVM's side of a system under test offers the workloads of {@link GridBenchmark}: dsm
 * ({@link DsmGrid}: {@code @Shared} objects) or Hazelcast ({@link HzGrid}: an {@code IMap} of an
 * embedded member). The workload loops, their timing and their coordination are written once,
 * against this interface, so that both systems run exactly the same code around their accesses.
 *
 * <p>Implementations must not make {@link GridBenchmark} load classes of the other system: the
 * Hazelcast JVMs run without the dsm agent, so the dsm runtime is not on their class path.
 */
interface Grid extends AutoCloseable
{
    /** "dsm" or "Hazelcast". */
    String system();

    /** How this side is configured (protocol, idle strategy; members, backups, near cache), one line. */
    String describe();

    /**
     * On node A: creates the record of the remote read and write workloads, the turn-taking counter
     * (0) and the {@code records} records of the mixed workload, and makes them reachable from B.
     * Returns what B needs to find them (one line without spaces, or "-").
     */
    String create(int records);

    /** On node B: finds what A created, given {@link #create}'s answer. */
    void attach(String fromA, int records);

    /** Writes {@code v} into every field of the record (an untimed write on A, or a timed one on B). */
    void writeRecord(long v);

    /** Reads the record; returns its first field (the others must hold the same value). */
    long readRecord();

    /**
     * Whether the next {@link #readRecord} ({@code write} false) or {@link #writeRecord} has to go to
     * another node: for dsm, the record's block state seen just before; Hazelcast: true, the key is
     * owned by the other member and no near cache is configured for it.
     */
    boolean willBeRemote(boolean write);

    /** Turn-taking: if the counter's parity is {@code parity}, increments it and returns true; else false. */
    boolean tryTurn(int parity);

    /** The counter's value, read on this node. */
    long counter();

    /** Hazelcast only: one {@code executeOnKey} on a key owned by A that increments unconditionally. */
    void plainExecute();

    /** Mixed workload: reads record {@code k} (all its fields); returns their sum. */
    long mixedRead(int k);

    /** Mixed workload: writes {@code v} into every field of record {@code k}. */
    void mixedWrite(int k, long v);

    /** Accesses of this node that had to fault so far (dsm: block state checked before each access); Hazelcast: -1. */
    long faults();

    /** This node's message counters (dsm: sent by type and extras, see Counts); Hazelcast: empty. */
    long[] counters();

    /** Messages in a difference of summed {@link #counters} ("-" where not counted). */
    double messages(long[] delta);

    /** That difference by message type, per {@code per}. */
    String messagesByType(long[] delta, double per);

    /** Anything worth reporting about the mixed workload on this node (near cache hits, ...), or "". */
    String mixedNote();

    /** Errors the system recorded that a reader of the figures must know of, or "". */
    String errors();

    @Override
    void close();
}
