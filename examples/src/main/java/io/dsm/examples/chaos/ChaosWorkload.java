package io.dsm.examples.chaos;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;

import io.dsm.api.BlockLostException;
import io.dsm.api.Dsm;
import io.dsm.api.DsmException;
import io.dsm.api.DsmTimeoutException;
import io.dsm.api.Node;
import io.dsm.examples.chaos.ChaosPlan.Cell;
import io.dsm.examples.chaos.ChaosPlan.Kind;

/**
 * The kill -9 chaos workload: three JVMs (nodes 0, 1, 2) write and read checksummed cells that
 * every node created, then a driver kills one node (the victim) with SIGKILL, and the two survivors
 * go on working, measure how long they paused and how long detection took, and check that what
 * should survive did, with the last value written, and that exactly the cells whose every copy was
 * on the victim are lost ({@link io.dsm.api.BlockLostException}, at once, not a timeout).
 *
 * <p>Who writes what, and what must be lost, is {@link ChaosPlan}'s. The run, on every node:
 * <ol>
 * <li>binds its cells as roots {@code cell-<node>-<k>} and its {@link ChaosControl} {@code ctl-<node>},
 *     looks up everybody's, and waits for all three ({@code STARTED});</li>
 * <li>phase 1 ({@code chaos.phase1.ms}): writes the cells it writes, one per step, and reads one
 *     cell written by another live node per step (a step every {@code chaos.pace.us});</li>
 * <li>survivors stop touching the shadowed cells ({@code QUIESCED}); the victim then reads those
 *     last, writes its kept cells a last time, prints their values and {@code READY-TO-DIE}, and
 *     writes only its doomed cells from then on;</li>
 * <li>survivors read the kept cells (their copies now hold the victim's last values), write each
 *     of their cells once more and print {@code ARMED}: the driver kills the victim once it has seen
 *     {@code READY-TO-DIE} and both {@code ARMED}, and writes the kill time (epoch ms) to
 *     {@code chaos.killfile};</li>
 * <li>phase 2, survivors: the same work on everything that must survive (the shadowed cells only
 *     once the kill is known, so the victim dies with its copy of them), until {@code chaos.after.ms}
 *     after the kill, timing the longest gap between two completed operations; a watcher thread
 *     notes when {@code Dsm.node().deadNodes()} first names the victim and when the kill file appears;</li>
 * <li>survivors verify every cell and print one summary line, then exit 0 only if all held:
 *     <pre>CHAOS node=1 protocol=... victim=2 role=owner kill=true detectMs=.. maxPauseMs=.. maxPauseLimitMs=.. ops=..
 *     opsAfterKill=.. busyReads=.. recovered=.. lost=.. expectedLost=.. unverified=.. timeouts=.. failedOps=.. torn=.. errors=.. result=ok</pre>
 *     preceded by a {@code CHAOS-ERROR node=1 ...} line per problem.</li>
 * </ol>
 * With {@code -Dchaos.kill=false} nobody is killed: the "victim" stops writing when the survivors
 * are done, every node verifies and prints its line, and nothing may be lost (the harness's own check).
 *
 * <p>System properties: {@code dsm.node.id}; {@code chaos.victim} (2); {@code chaos.kill} (true);
 * {@code chaos.killfile} (needed with a kill); {@code chaos.cells} per node (16, a multiple of 4);
 * {@code chaos.phase1.ms} (3000); {@code chaos.after.ms} (5000); {@code chaos.pace.us} (1000);
 * {@code chaos.kill.wait.ms} (60000: how long to wait for the kill); {@code chaos.max.pause.ms}
 * (dsm.failure.timeout.ms + dsm.fault.timeout.ms); {@code chaos.lost.max.ms} (1000: how fast an
 * access to a lost cell must fail); {@code chaos.verify.failures} (2: verification gives up after so
 * many accesses that failed otherwise than with BlockLostException, say with a timeout or a failed
 * send to the dead node, as each of those costs a fault timeout); {@code dsm.protocol} and {@code dsm.manager.node} as the nodes
 * use them (pass them as -D: the expectations depend on them).
 */
public final class ChaosWorkload
{
    private static final int MAX_ERROR_LINES = 40;
    private static final long STABLE_READ_NS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long BARRIER_MS = 60_000;

    private final int me;
    private final ChaosPlan plan;
    private final int victim;
    private final boolean kill;
    private final long phase1Ms;
    private final long afterMs;
    private final long paceNs;
    private final Path killFile;
    private final long killWaitMs;
    private final long maxPauseLimitMs;
    private final long lostMaxMs;
    private final int verifyFailures;

    private final Node node;
    private final ChaosCell[] cells;
    private final ChaosControl[] controls = new ChaosControl[ChaosPlan.NODES];
    /** The last value this node wrote, per cell it writes. */
    private final long[] lastWritten;
    /** A write of this cell failed half-way: its value is not known exactly. */
    private final boolean[] uncertain;
    /** The highest value this node has read, per cell: a value must never go back. */
    private final long[] highestSeen;
    /** Kept cells: the victim's last value, as the survivor read it before the kill. */
    private final long[] frozen;
    /** Per node: when (epoch ms) deadNodes() first contained it; 0 never. */
    private final AtomicLongArray detectedAt = new AtomicLongArray(ChaosPlan.NODES);

    private final List<String> errors = new ArrayList<>();
    private int errorCount;
    private int timeouts;
    private int failedOps;
    /** Writes the runtime reported as of unknown fate because the full-replication sequencer died under them. */
    private int unknownFateWrites;
    private int torn;
    private long ops;
    private long opsAfterKill;
    private int busyReads;
    /** When the driver killed the victim (epoch ms, from the kill file, read by the watcher thread); -1 not yet. */
    private volatile long killTime = -1;
    private boolean measuring;
    private boolean inPhase2;
    private long lastOpNs;
    private long maxPauseNs;
    private int writeCursor;
    private int readCursor;

    private ChaosWorkload(final Node node)
    {
        this.node = node;
        this.me = node.id();
        this.victim = Integer.getInteger("chaos.victim", 2);
        this.kill = Boolean.parseBoolean(System.getProperty("chaos.kill", "true"));
        final int perNode = Integer.getInteger("chaos.cells", 16);
        final String protocol = System.getProperty("dsm.protocol", "ivy-forwarding-manager").trim();
        final int manager = Integer.getInteger("dsm.manager.node", 0);
        this.plan = new ChaosPlan(perNode, victim, protocol, manager, kill);
        this.phase1Ms = Long.getLong("chaos.phase1.ms", 3000);
        this.afterMs = Long.getLong("chaos.after.ms", 5000);
        this.paceNs = TimeUnit.MICROSECONDS.toNanos(Long.getLong("chaos.pace.us", 1000));
        final String kf = System.getProperty("chaos.killfile");
        this.killFile = kf == null || kf.isBlank() ? null : Path.of(kf);
        if (kill && killFile == null && me != victim)
        {
            throw new IllegalArgumentException("-Dchaos.killfile=<path> is needed with a kill: the driver writes the kill time there");
        }
        this.killWaitMs = Long.getLong("chaos.kill.wait.ms", 60_000);
        this.maxPauseLimitMs = Long.getLong("chaos.max.pause.ms",
            Long.getLong("dsm.failure.timeout.ms", 2000) + Long.getLong("dsm.fault.timeout.ms", 10_000));
        this.lostMaxMs = Long.getLong("chaos.lost.max.ms", 1000);
        this.verifyFailures = Integer.getInteger("chaos.verify.failures", 2);
        final int total = plan.cells().size();
        this.cells = new ChaosCell[total];
        this.lastWritten = new long[total];
        this.uncertain = new boolean[total];
        this.highestSeen = new long[total];
        this.frozen = new long[total];
        java.util.Arrays.fill(frozen, -1);
    }

    public static void main(final String[] args) throws Exception
    {
        final ChaosWorkload w = new ChaosWorkload(Dsm.node());
        final int status = w.run();
        System.out.flush();
        System.exit(status);
    }

    private int run() throws Exception
    {
        say("chaos node " + me + ": protocol " + plan.protocol() + ", victim node " + victim + " (" + plan.victimRole() + "), " +
            (kill ? "kill" : "no kill") + ", " + plan.cellsPerNode() + " cells per node, " + plan.expectedLost() +
            " expected lost");
        join();
        startWatcher();
        if (me == victim)
        {
            return runVictim();
        }
        return runSurvivor();
    }

    // ---------------------------------------------------------------- start

    private void join() throws InterruptedException
    {
        for (int k = 0; k < plan.cellsPerNode(); k++)
        {
            final int index = plan.cell(me, k).index;
            cells[index] = Dsm.root(Cell.rootName(me, k), () -> new ChaosCell(index, me));
        }
        controls[me] = Dsm.root("ctl-" + me, ChaosControl::new);
        final long deadline = System.currentTimeMillis() + BARRIER_MS;
        for (final Cell c : plan.cells())
        {
            if (cells[c.index] == null)
            {
                cells[c.index] = lookUp(c.rootName(), deadline);
            }
        }
        for (int n = 0; n < ChaosPlan.NODES; n++)
        {
            if (controls[n] == null)
            {
                controls[n] = lookUp("ctl-" + n, deadline);
            }
        }
        controls[me].phase = ChaosControl.JOINED;
        for (int n = 0; n < ChaosPlan.NODES; n++)
        {
            final int other = n;
            awaitPhase(other, ChaosControl.JOINED, deadline, null, null);
        }
        say("STARTED");
    }

    private static final class NotBoundYet extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        NotBoundYet()
        {
            super(null, null, false, false);
        }
    }

    /** The root another node binds: looked up until it is bound (the supplier never binds one of ours). */
    private static <T> T lookUp(final String name, final long deadline) throws InterruptedException
    {
        while (true)
        {
            try
            {
                return Dsm.root(name, () ->
                {
                    throw new NotBoundYet();
                });
            }
            catch (final NotBoundYet notYet)
            {
                if (System.currentTimeMillis() > deadline)
                {
                    throw new IllegalStateException("root '" + name + "' was not bound within " + BARRIER_MS + " ms");
                }
                Thread.sleep(10);
            }
        }
    }

    /**
     * Waits until node {@code n}'s control reaches {@code phase}, doing steps over {@code writes}
     * and {@code reads} meanwhile (when given), bounded by {@code deadline}.
     */
    private void awaitPhase(final int n, final int phase, final long deadline, final List<Cell> writes, final List<Cell> reads)
    {
        long nextPoll = 0;
        while (true)
        {
            final long now = System.nanoTime();
            if (now - nextPoll >= 0)
            {
                if (controls[n].phase >= phase)
                {
                    return;
                }
                nextPoll = now + TimeUnit.MILLISECONDS.toNanos(5);
            }
            if (System.currentTimeMillis() > deadline)
            {
                throw new IllegalStateException("node " + me + " waited " + BARRIER_MS + " ms for node " + n + " to reach phase " +
                    phase + "; it is at " + controls[n].phase);
            }
            if (writes != null)
            {
                step(writes, reads, "waiting for node " + n);
            }
            else
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    private void startWatcher()
    {
        final Thread t = new Thread(() ->
        {
            long seen = 0;
            while (true)
            {
                if (kill && killTime < 0 && me != victim)
                {
                    final long at = readKillFile();
                    if (at >= 0)
                    {
                        killTime = at;
                        say("KILL-SEEN node=" + me + " killedAt=" + at + " (" + (System.currentTimeMillis() - at) + " ms ago)");
                    }
                }
                final Set<Integer> dead = node.deadNodes();
                long mask = 0;
                for (final int d : dead)
                {
                    mask |= 1L << d;
                }
                if (mask != seen)
                {
                    final long at = System.currentTimeMillis();
                    for (final int d : dead)
                    {
                        if (d >= 0 && d < ChaosPlan.NODES)
                        {
                            detectedAt.compareAndSet(d, 0, at);
                        }
                    }
                    say("DETECTED node=" + me + " dead=" + dead + " at=" + at);
                    seen = mask;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }, "chaos-watcher");
        t.setDaemon(true);
        t.start();
    }

    // ---------------------------------------------------------------- the two roles

    private int runVictim()
    {
        final List<Cell> writes = plan.select(c -> c.writer == me);
        final List<Cell> reads = plan.select(c -> c.writer != me);
        final List<Cell> doomed = plan.select(c -> c.kind == Kind.DOOMED);
        final long phase1End = System.currentTimeMillis() + phase1Ms;
        while (System.currentTimeMillis() < phase1End)
        {
            step(writes, reads, "phase 1");
        }
        final long deadline = System.currentTimeMillis() + BARRIER_MS;
        for (int n = 0; n < ChaosPlan.NODES; n++)
        {
            if (n != me)
            {
                awaitPhase(n, ChaosControl.QUIESCED, deadline, writes, List.of());
            }
        }
        for (final Cell c : plan.select(c -> c.kind == Kind.SHADOWED))
        {
            readOp(c, "last read of the shadowed cells");
        }
        final StringBuilder kept = new StringBuilder("KEPT node=" + me);
        for (final Cell c : plan.select(c -> c.kind == Kind.KEPT))
        {
            writeOp(c, "last write of the kept cells");
            kept.append(' ').append(c.rootName()).append('=').append(lastWritten[c.index]);
        }
        say(kept.toString());
        controls[me].phase = ChaosControl.FROZEN;
        say("READY-TO-DIE node=" + me + " pid=" + ProcessHandle.current().pid());
        if (kill)
        {
            final long until = System.currentTimeMillis() + killWaitMs;
            while (System.currentTimeMillis() < until)
            {
                step(doomed, List.of(), "writing the doomed cells until killed");
            }
            error("victim node " + me + " was not killed within " + killWaitMs + " ms after READY-TO-DIE");
            summary();
            System.out.flush();
            Runtime.getRuntime().halt(3);
        }
        final long until = System.currentTimeMillis() + BARRIER_MS + afterMs + killWaitMs;
        long nextPoll = 0;
        outer:
        while (true)
        {
            if (System.currentTimeMillis() > until)
            {
                error("victim node " + me + " waited too long for the survivors to finish");
                break;
            }
            if (System.nanoTime() - nextPoll >= 0)
            {
                nextPoll = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
                boolean all = true;
                for (int n = 0; n < ChaosPlan.NODES; n++)
                {
                    all &= n == me || controls[n].phase >= ChaosControl.DONE;
                }
                if (all)
                {
                    break outer;
                }
            }
            step(doomed, List.of(), "writing the doomed cells");
        }
        controls[me].phase = ChaosControl.STOPPED;
        say("STOPPED");
        measuring = true;
        lastOpNs = System.nanoTime();
        verify();
        return summary();
    }

    private int runSurvivor() throws Exception
    {
        final IntPredicate others = w -> w != me && w != victim;
        final List<Cell> p1Writes = plan.select(c -> c.writer == me);
        final List<Cell> p1Reads = plan.select(c -> others.test(c.writer));
        final List<Cell> qWrites = plan.select(c -> c.writer == me && c.kind == Kind.LIVE);
        final List<Cell> qReads = plan.select(c -> others.test(c.writer) && c.kind == Kind.LIVE);
        final List<Cell> p2Writes = plan.select(c -> c.writer == me && !c.expectedLost);
        final List<Cell> p2Reads = plan.select(c -> !c.expectedLost &&
            (c.kind == Kind.KEPT || others.test(c.writer)));
        // until the kill, nobody touches the shadowed cells: the victim must die holding its copy of them
        final List<Cell> p2WritesBeforeKill = plan.select(c -> p2Writes.contains(c) && c.kind != Kind.SHADOWED);
        final List<Cell> p2ReadsBeforeKill = plan.select(c -> p2Reads.contains(c) && c.kind != Kind.SHADOWED);

        final long phase1End = System.currentTimeMillis() + phase1Ms;
        while (System.currentTimeMillis() < phase1End)
        {
            step(p1Writes, p1Reads, "phase 1");
        }
        controls[me].phase = ChaosControl.QUIESCED;
        say("QUIESCED");
        awaitPhase(victim, ChaosControl.FROZEN, System.currentTimeMillis() + BARRIER_MS, qWrites, qReads);
        for (final Cell c : plan.select(c -> c.kind == Kind.KEPT))
        {
            final ChaosCell.Snapshot s = readOp(c, "reading the kept cells before the kill");
            if (s != null && s.stable && s.checksumOk() && s.writer == victim)
            {
                frozen[c.index] = s.value;
            }
            else if (s != null)
            {
                error(c + ": the victim's last write is not readable before the kill: " + s);
            }
        }
        for (final Cell c : qWrites)
        {
            writeOp(c, "taking my cells back before the kill");
        }
        final long armedAt = System.currentTimeMillis();
        say("ARMED node=" + me);
        measuring = true;
        lastOpNs = System.nanoTime();
        final long phase2Ops = ops;
        inPhase2 = true;
        while (true)
        {
            final long now = System.currentTimeMillis();
            final long killTime = this.killTime;
            if (kill && killTime < 0 && now - armedAt > killWaitMs)
            {
                error("the victim was not killed within " + killWaitMs + " ms after ARMED (no time in " + killFile + ")");
                break;
            }
            if ((kill && killTime >= 0 && now >= killTime + afterMs) || (!kill && now >= armedAt + afterMs))
            {
                break;
            }
            if (kill && killTime < 0)
            {
                step(p2WritesBeforeKill, p2ReadsBeforeKill, "phase 2, before the kill");
            }
            else
            {
                step(p2Writes, p2Reads, kill ? "phase 2, after the kill" : "phase 2");
            }
        }
        inPhase2 = false;
        say("PHASE2-END node=" + me + " ops=" + (ops - phase2Ops) + " opsAfterKill=" + opsAfterKill);
        if (!kill)
        {
            controls[me].phase = ChaosControl.DONE;
            final long deadline = System.currentTimeMillis() + BARRIER_MS;
            while (controls[victim].phase < ChaosControl.STOPPED)
            {
                if (System.currentTimeMillis() > deadline)
                {
                    throw new IllegalStateException("node " + me + ": the victim did not stop within " + BARRIER_MS + " ms");
                }
                Thread.sleep(5);
            }
            lastOpNs = System.nanoTime(); // waiting for the others is no pause
        }
        verify();
        return summary();
    }

    private long readKillFile()
    {
        try
        {
            if (killFile != null && Files.isRegularFile(killFile))
            {
                final String text = Files.readString(killFile, StandardCharsets.US_ASCII).trim();
                if (!text.isEmpty())
                {
                    return Long.parseLong(text);
                }
            }
        }
        catch (final Exception ex)
        {
            // the driver writes it atomically (a rename); read it again next time
        }
        return -1;
    }

    // ---------------------------------------------------------------- operations

    /** One step: one write and one read, round-robin over the lists, then the pace. */
    private void step(final List<Cell> writes, final List<Cell> reads, final String what)
    {
        if (!writes.isEmpty())
        {
            writeCursor = (writeCursor + 1) % writes.size();
            final Cell c = writes.get(writeCursor);
            if (!uncertain[c.index])
            {
                writeOp(c, what);
            }
        }
        if (!reads.isEmpty())
        {
            readCursor = (readCursor + 1) % reads.size();
            readOp(reads.get(readCursor), what);
        }
        if (paceNs > 0)
        {
            LockSupport.parkNanos(paceNs);
        }
    }

    private void writeOp(final Cell c, final String what)
    {
        final long value = lastWritten[c.index] + 1;
        final long start = System.nanoTime();
        try
        {
            lastWritten[c.index] = value;
            cells[c.index].write(value, me);
            completed(true);
        }
        catch (final DsmException ex)
        {
            uncertain[c.index] = true;
            completed(false);
            if (isUnknownFateWrite(ex))
            {
                // full replication: the write was in flight when its sequencer died; the runtime says so
                // instead of guessing (the cell's value is checked as "this write or the one before")
                unknownFateWrites++;
                say("UNKNOWN-FATE-WRITE node=" + me + " " + c + ": " + ex.getMessage());
                // as the exception says: write again (the whole cell, so its seqlock is whole again)
                final long again = value + 1;
                try
                {
                    lastWritten[c.index] = again;
                    cells[c.index].write(again, me);
                    uncertain[c.index] = false;
                    completed(true);
                }
                catch (final DsmException ex2)
                {
                    completed(false);
                    failed(c, "write again", what, ex2, start);
                }
                return;
            }
            failed(c, "write", what, ex, start);
        }
    }

    private ChaosCell.Snapshot readOp(final Cell c, final String what)
    {
        final long start = System.nanoTime();
        try
        {
            final ChaosCell.Snapshot s = cells[c.index].read(STABLE_READ_NS);
            completed(true);
            checkRead(c, s, what);
            return s;
        }
        catch (final DsmException ex)
        {
            completed(false);
            failed(c, "read", what, ex, start);
            return null;
        }
    }

    /** What every read must satisfy: its own cell, a whole write with a matching checksum, no going back. */
    private boolean checkRead(final Cell c, final ChaosCell.Snapshot s, final String what)
    {
        boolean ok = true;
        if (s.index != c.index)
        {
            error(c + " (" + what + "): holds the index of cell " + s.index + ": another object under this root");
            ok = false;
        }
        if (!s.stable)
        {
            busyReads++;
            return false;
        }
        if (!s.checksumOk())
        {
            torn++;
            error(c + " (" + what + "): torn or mixed data: " + s);
            ok = false;
        }
        if (s.writer != c.writer && !(s.writer == c.creator && s.value == 0))
        {
            error(c + " (" + what + "): written by node " + s.writer + ", which never writes it: " + s);
            ok = false;
        }
        if (s.value < highestSeen[c.index])
        {
            error(c + " (" + what + "): went back from " + highestSeen[c.index] + " to " + s.value);
            ok = false;
        }
        highestSeen[c.index] = Math.max(highestSeen[c.index], s.value);
        return ok;
    }

    private void completed(final boolean success)
    {
        ops++;
        if (success && inPhase2 && killTime >= 0)
        {
            opsAfterKill++;
        }
        if (measuring)
        {
            final long now = System.nanoTime();
            maxPauseNs = Math.max(maxPauseNs, now - lastOpNs);
            lastOpNs = now;
        }
    }

    private boolean isUnknownFateWrite(final DsmException ex)
    {
        return "full-replication".equals(plan.protocol()) && ex.getMessage() != null &&
            ex.getMessage().contains("died before this write was known to be applied");
    }

    private void failed(final Cell c, final String op, final String what, final DsmException ex, final long startNs)
    {
        final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        failedOps++;
        if (ex instanceof DsmTimeoutException)
        {
            timeouts++;
        }
        error(c + ": " + op + " (" + what + ") failed after " + ms + " ms with " + ex.getClass().getSimpleName() + ": " +
            ex.getMessage());
    }

    // ---------------------------------------------------------------- verification

    private int lost;
    private int recovered;
    private int unverified;

    private void verify()
    {
        int failuresLeft = verifyFailures;
        for (final Cell c : plan.cells())
        {
            if (failuresLeft <= 0)
            {
                unverified++;
                continue;
            }
            final long start = System.nanoTime();
            try
            {
                final ChaosCell.Snapshot s = cells[c.index].read(STABLE_READ_NS);
                completed(true);
                if (c.expectedLost)
                {
                    error(c + ": expected lost (every copy was on node " + victim + ") but it was read: " + s);
                }
                else if (verifyValue(c, s) && kill && plan.touchedByVictim(c))
                {
                    recovered++;
                }
            }
            catch (final BlockLostException ex)
            {
                completed(false);
                final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                lost++;
                if (!c.expectedLost)
                {
                    error(c + ": lost (" + ex.getMessage() + ") but a copy should have survived on a live node");
                }
                if (ex.deadNode() != victim)
                {
                    error(c + ": BlockLostException names dead node " + ex.deadNode() + ", not the victim " + victim);
                }
                if (!ChaosCell.class.getName().equals(ex.className()))
                {
                    error(c + ": BlockLostException names class " + ex.className());
                }
                if (ms > lostMaxMs)
                {
                    error(c + ": the access took " + ms + " ms to throw BlockLostException (at most " + lostMaxMs + " ms)");
                }
                try
                {
                    cells[c.index].read(STABLE_READ_NS);
                    error(c + ": lost on the first access, readable on the second");
                }
                catch (final BlockLostException again)
                {
                    // lost stays lost
                }
                catch (final DsmException other)
                {
                    error(c + ": the second access threw " + other + " instead of BlockLostException");
                }
            }
            catch (final DsmException ex)
            {
                completed(false);
                failuresLeft--;
                failed(c, "read", "verification, expected " + (c.expectedLost ? "BlockLostException" : "a value"), ex, start);
            }
        }
        if (unverified > 0)
        {
            error(unverified + " cells not verified: verification stops after " + verifyFailures +
                " accesses that failed otherwise than with BlockLostException (each waits a fault timeout)");
        }
    }

    private boolean verifyValue(final Cell c, final ChaosCell.Snapshot s)
    {
        if (c.kind == Kind.DOOMED && kill && !s.stable && s.writer == victim)
        {
            return s.index == c.index; // a write the victim died in the middle of, on a copy that outlived it
        }
        if (!s.stable)
        {
            error(c + ": no whole write readable within " + TimeUnit.NANOSECONDS.toMillis(STABLE_READ_NS) + " ms: " + s);
            return false;
        }
        if (!checkRead(c, s, "verification"))
        {
            return false;
        }
        if (c.writer == me && !uncertain[c.index] && s.value != lastWritten[c.index])
        {
            error(c + ": this node last wrote " + lastWritten[c.index] + ", the cell holds " + s);
            return false;
        }
        if (c.kind == Kind.KEPT && me != victim && frozen[c.index] >= 0 && s.value != frozen[c.index])
        {
            error(c + ": the victim last wrote " + frozen[c.index] + " (read before the kill), the cell holds " + s);
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- report

    private int summary()
    {
        long detectMs = -1;
        final Set<Integer> dead = node.deadNodes();
        if (kill && me != victim)
        {
            final long at = detectedAt.get(victim);
            if (at == 0)
            {
                error("node " + me + " never declared the victim node " + victim + " dead: deadNodes() is " + dead +
                    " at the end (failure detection missing?)");
            }
            else if (killTime >= 0)
            {
                detectMs = at - killTime;
                if (detectMs < 0)
                {
                    error("node " + me + " declared node " + victim + " dead " + -detectMs + " ms before it was killed");
                }
            }
        }
        for (int n = 0; n < ChaosPlan.NODES; n++)
        {
            if (detectedAt.get(n) != 0 && !(kill && n == victim))
            {
                error("node " + me + " declared node " + n + " dead, which was never killed (deadNodes() " + dead + ")");
            }
        }
        final long maxPauseMs = TimeUnit.NANOSECONDS.toMillis(maxPauseNs);
        if (maxPauseMs > maxPauseLimitMs)
        {
            error("longest pause between two operations " + maxPauseMs + " ms, over the limit " + maxPauseLimitMs +
                " ms (failure timeout + fault timeout)");
        }
        if (kill && me != victim && killTime >= 0 && opsAfterKill == 0)
        {
            error("no operation completed after the kill");
        }
        if (lost != plan.expectedLost() && unverified == 0)
        {
            error(lost + " cells lost, expected " + plan.expectedLost() + " (see the lines above)");
        }
        for (final String e : errors)
        {
            say("CHAOS-ERROR node=" + me + " " + e);
        }
        if (errorCount > errors.size())
        {
            say("CHAOS-ERROR node=" + me + " ... and " + (errorCount - errors.size()) + " more");
        }
        say("CHAOS node=" + me + " protocol=" + plan.protocol() + " victim=" + victim + " role=" + plan.victimRole() +
            " kill=" + kill + " detectMs=" + detectMs + " maxPauseMs=" + maxPauseMs + " maxPauseLimitMs=" + maxPauseLimitMs +
            " ops=" + ops + " opsAfterKill=" + opsAfterKill + " busyReads=" + busyReads + " recovered=" + recovered +
            " lost=" + lost + " expectedLost=" + plan.expectedLost() + " unverified=" + unverified + " timeouts=" + timeouts + " failedOps=" + failedOps +
            " unknownFateWrites=" + unknownFateWrites + " torn=" + torn +
            " errors=" + errorCount + " result=" + (errorCount == 0 ? "ok" : "FAIL"));
        return errorCount == 0 ? 0 : 1;
    }

    private void error(final String message)
    {
        errorCount++;
        if (errors.size() < MAX_ERROR_LINES)
        {
            errors.add(message);
        }
    }

    private static void say(final String line)
    {
        synchronized (System.out)
        {
            System.out.println(line);
            System.out.flush();
        }
    }
}
