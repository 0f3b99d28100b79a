package io.dsm.runtime.recovery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import io.dsm.runtime.block.BlockIds;
import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.BrokenMode;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.membership.View;
import io.dsm.runtime.protocol.CoherenceProtocol;
import io.dsm.runtime.wire.MembershipMessageHandler.Admission;
import io.dsm.runtime.wire.Outbox;
import io.dsm.runtime.wire.RecoveryEntries;
import io.dsm.runtime.wire.codec.BlockGrantDecoder;
import io.dsm.runtime.wire.codec.LockTokenDecoder;

/**
 * One node's part in the recovery round that follows a death (all on the protocol agent's thread):
 *
 * <ol>
 * <li>stop: no block message is sent or served any more (requests that arrive are moot: every
 *     node asks its pending faults again at the end); a RecoveryFlush goes to every survivor;</li>
 * <li>flush: frames a survivor sent before its flush are still acted on if they are grants (a
 *     block in flight lands), frames after it wait for the end of the round; once every survivor's
 *     flush is in, no grant is in flight, and the block table is reported to the leader (the lowest
 *     live node);</li>
 * <li>plan: the leader gives each block a new owner (the surviving owner, else a survivor holding a
 *     valid copy) and the copyset of the other valid copies, or marks it lost when no survivor has
 *     a valid copy; each node applies the plan, protocols rebuild their records (managers at a dead
 *     manager's stand-in), the named roots the survivors know are adopted, and pending faults and
 *     root lookups are asked again.</li>
 * </ol>
 *
 * A death during the round starts a new round for the larger dead set; messages of the old one are
 * ignored.
 */
public final class RecoveryRound
{
    private final int self;
    private final View view;
    private final Outbox outbox;
    private final RecoverySite site;
    private final int chunkBytes;
    /** Declares nodes dead that another survivor's round message names (a death learned that way). */
    private final BiConsumer<Long, String> declare;

    /** The dead set being recovered; 0 while no round runs. */
    private volatile long round;
    private long startedNs;
    private long flushedFrom;
    private boolean reported;
    private boolean planStarted;

    // the leader's collection: block id -> {protocol, owner mask, valid-copy mask}
    private final Long2ObjectHashMap<long[]> collected = new Long2ObjectHashMap<>();
    private final Map<String, Object[]> collectedRoots = new TreeMap<>();
    private long reportsFrom;
    private long maxApplied = -1;
    private int maxAppliedBy = Integer.MAX_VALUE;

    private final ExpandableArrayBuffer blocksOut = new ExpandableArrayBuffer(4096);
    private final ExpandableArrayBuffer rootsOut = new ExpandableArrayBuffer(256);
    private final ExpandableArrayBuffer locksOut = new ExpandableArrayBuffer(256);
    /** The leader's collection of locks: lock id -> what the survivors said. */
    private final Map<Long, LockSeen> collectedLocks = new TreeMap<>();

    /** What the survivors said of one lock. */
    private static final class LockSeen
    {
        long tokenAt;
        long waiting;
        long maxEpoch;
        final List<long[]> waits = new ArrayList<>();
    }

    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong recovered = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private volatile long lastRoundNs;
    private final List<String> lostBlocks = Collections.synchronizedList(new ArrayList<>());

    public RecoveryRound(final int self, final View view, final Outbox outbox, final RecoverySite site, final int maxMessageLength,
        final BiConsumer<Long, String> declare)
    {
        this.self = self;
        this.view = view;
        this.outbox = outbox;
        this.site = site;
        this.chunkBytes = Math.max(4096, Math.min(1 << 20, maxMessageLength / 2));
        this.declare = declare;
    }

    /** Whether a round runs: faults then wait for its end instead of sending requests. */
    public boolean isRecovering()
    {
        return round != 0;
    }

    /** The view grew: a new round for the whole dead set (a round in progress is abandoned). */
    public void begin()
    {
        final long mask = view.deadMask();
        if (mask == round)
        {
            return;
        }
        round = mask;
        startedNs = System.nanoTime();
        flushedFrom = BrokenMode.recoveryWithoutFlush() ? view.liveMask() : 1L << self;
        reported = false;
        planStarted = false;
        reportsFrom = 0;
        maxApplied = -1;
        maxAppliedBy = Integer.MAX_VALUE;
        collected.clear();
        collectedRoots.clear();
        collectedLocks.clear();
        outbox.holdBlockMessages(true);
        site.locks().freeze();
        for (long live = view.liveMask() & ~(1L << self); live != 0; live &= live - 1)
        {
            outbox.recoveryFlush(Long.numberOfTrailingZeros(live), mask);
        }
        maybeReport();
    }

    /** What to do with a block message (see {@link Admission}); every other kind is acted on. */
    public Admission admitBlockMessage(final int sender, final int templateId)
    {
        if (round == 0)
        {
            return Admission.ACT;
        }
        if (sender != self && (flushedFrom & (1L << sender)) != 0)
        {
            return Admission.LATER; // sent after its sender's flush: it belongs to the time after the round
        }
        // data in flight lands; requests and their answers are moot (faults are asked again after the round)
        return templateId == BlockGrantDecoder.TEMPLATE_ID || templateId == LockTokenDecoder.TEMPLATE_ID ?
            Admission.ACT : Admission.DROP_MOOT;
    }

    public void onFlush(final int sender, final long mask)
    {
        if (!learn(sender, mask))
        {
            return;
        }
        flushedFrom |= 1L << sender;
        maybeReport();
    }

    /** False when the message belongs to another round (after learning any death it names). */
    private boolean learn(final int sender, final long mask)
    {
        if ((mask & ~view.deadMask()) != 0)
        {
            declare.accept(mask, "node " + sender + "'s recovery round names it dead");
        }
        return mask == round && round != 0;
    }

    private void maybeReport()
    {
        if (reported || (view.liveMask() & ~flushedFrom) != 0)
        {
            return;
        }
        reported = true;
        final int leader = view.lowestLive();
        int at = 0;
        for (final BlockMeta meta : site.blocks())
        {
            if (!(meta.protocol instanceof CoherenceProtocol))
            {
                continue;
            }
            final int wire = ((CoherenceProtocol)meta.protocol).kind().ordinal();
            final int mode = meta.lostReason() != null ? BlockState.INVALID : BlockState.mode(meta.state());
            at = RecoveryEntries.putReport(blocksOut, at, meta.id, wire, mode == BlockState.BUSY ? BlockState.INVALID : mode,
                meta.owner && meta.lostReason() == null);
            if (at >= chunkBytes)
            {
                outbox.recoveryReport(leader, round, false, 0, blocksOut, at, rootsOut, 0, locksOut, 0);
                at = 0;
            }
        }
        final int rootsLength = encodeRoots();
        final int[] locksAt = {0};
        site.locks().report((lockId, tokenHere, waiting, epoch, ids) ->
            locksAt[0] = RecoveryEntries.putLockReport(locksOut, locksAt[0], lockId, tokenHere, waiting, epoch, ids));
        outbox.recoveryReport(leader, round, true, site.sequencer().applied(), blocksOut, at, rootsOut, rootsLength,
            locksOut, locksAt[0]);
    }

    private int encodeRoots()
    {
        final int[] at = {0};
        site.forEachRoot((name, id, className) -> at[0] = RecoveryEntries.putRoot(rootsOut, at[0], name, id, className));
        return at[0];
    }

    /** {@code at}: offsets and lengths of the blocks, roots and locks fields. */
    public void onReport(final int sender, final long mask, final boolean last, final long applied, final DirectBuffer b,
        final int[] at)
    {
        final int blocksOffset = at[0];
        final int blocksLength = at[1];
        final int rootsOffset = at[2];
        final int rootsLength = at[3];
        if (!learn(sender, mask) || self != view.lowestLive())
        {
            return;
        }
        for (int p = blocksOffset; p < blocksOffset + blocksLength; p += RecoveryEntries.REPORT_ENTRY)
        {
            final long id = RecoveryEntries.reportBlock(b, p);
            long[] c = collected.get(id);
            if (c == null)
            {
                c = new long[] {RecoveryEntries.reportProtocol(b, p), 0, 0};
                collected.put(id, c);
            }
            if (RecoveryEntries.reportOwner(b, p))
            {
                c[1] |= 1L << sender;
            }
            if (RecoveryEntries.reportState(b, p) != BlockState.INVALID)
            {
                c[2] |= 1L << sender;
            }
        }
        RecoveryEntries.forEachRoot(b, rootsOffset, rootsLength,
            (name, id, className) -> collectedRoots.putIfAbsent(name, new Object[] {id, className}));
        RecoveryEntries.forEachLockReport(b, at[4], at[5], (lockId, tokenHere, waiting, epoch, ids) ->
        {
            final LockSeen seen = collectedLocks.computeIfAbsent(lockId, k -> new LockSeen());
            seen.tokenAt |= tokenHere ? 1L << sender : 0;
            seen.waiting |= waiting ? 1L << sender : 0;
            seen.maxEpoch = Math.max(seen.maxEpoch, epoch);
            for (final long id : ids)
            {
                seen.waits.add(new long[] {sender, id});
            }
        });
        if (last)
        {
            if (applied > maxApplied || (applied == maxApplied && sender < maxAppliedBy))
            {
                maxApplied = applied;
                maxAppliedBy = sender;
            }
            reportsFrom |= 1L << sender;
            if ((view.liveMask() & ~reportsFrom) == 0)
            {
                sendPlan();
            }
        }
    }

    /** The leader's decision for every block any survivor knows. */
    private void sendPlan()
    {
        final long live = view.liveMask();
        final long mask = round;
        int at = 0;
        final List<byte[]> chunks = new ArrayList<>();
        final List<Integer> lengths = new ArrayList<>();
        for (final Long2ObjectHashMap<long[]>.EntryIterator it = collected.entrySet().iterator(); it.hasNext(); )
        {
            it.next();
            final long id = it.getLongKey();
            final long[] c = it.getValue();
            final long owners = c[1] & live;
            final long valid = c[2] & live;
            final int owner;
            if (owners != 0)
            {
                owner = Long.numberOfTrailingZeros(owners);
            }
            else if (valid != 0)
            {
                owner = Long.numberOfTrailingZeros(valid);
            }
            else
            {
                owner = RecoveryEntries.LOST;
            }
            final long copyset = owner == RecoveryEntries.LOST ? 0 : valid & ~(1L << owner);
            at = RecoveryEntries.putPlan(blocksOut, at, id, (int)c[0], owner, copyset);
            if (at >= chunkBytes)
            {
                final byte[] chunk = new byte[at];
                blocksOut.getBytes(0, chunk);
                chunks.add(chunk);
                lengths.add(at);
                at = 0;
            }
        }
        int rootsLength = 0;
        for (final Map.Entry<String, Object[]> e : collectedRoots.entrySet())
        {
            rootsLength = RecoveryEntries.putRoot(rootsOut, rootsLength, e.getKey(), (Long)e.getValue()[0], (String)e.getValue()[1]);
        }
        // locks: the token stays where a survivor has it; else it is made anew at the lowest waiting
        // survivor (or the lock's manager) with a higher fencing counter and the survivors' waits
        int locksLength = 0;
        for (final Map.Entry<Long, LockSeen> e : collectedLocks.entrySet())
        {
            final LockSeen seen = e.getValue();
            final long tokenAt = seen.tokenAt & live;
            final long waiting = seen.waiting & live;
            final boolean regenerated = tokenAt == 0;
            final int holder = !regenerated ? Long.numberOfTrailingZeros(tokenAt) :
                waiting != 0 ? Long.numberOfTrailingZeros(waiting) : view.standIn(BlockIds.creator(e.getKey()));
            final int n = regenerated ? seen.waits.size() : 0;
            final int[] nodes = new int[n];
            final long[] ids = new long[n];
            for (int i = 0; i < n; i++)
            {
                nodes[i] = (int)seen.waits.get(i)[0];
                ids[i] = seen.waits.get(i)[1];
            }
            locksLength = RecoveryEntries.putLockPlan(locksOut, locksLength, e.getKey(), holder, regenerated,
                regenerated ? seen.maxEpoch + 1 : seen.maxEpoch, waiting & ~(1L << holder), nodes, ids);
        }
        // full replication: the sequencer stays unless it died; then the survivor that applied the most takes over
        final int sequencer = view.isDead(site.sequencer().sequencer()) ? maxAppliedBy : site.sequencer().sequencer();
        final org.agrona.concurrent.UnsafeBuffer chunkBuffer = new org.agrona.concurrent.UnsafeBuffer(new byte[0]);
        for (long l = live; l != 0; l &= l - 1)
        {
            final int to = Long.numberOfTrailingZeros(l);
            for (final byte[] chunk : chunks)
            {
                chunkBuffer.wrap(chunk);
                outbox.recoveryPlan(to, mask, false, sequencer, maxApplied, chunkBuffer, chunk.length, rootsOut, 0, locksOut, 0);
            }
            outbox.recoveryPlan(to, mask, true, sequencer, maxApplied, blocksOut, at, rootsOut, rootsLength, locksOut,
                locksLength);
        }
    }

    /** {@code at}: offsets and lengths of the blocks, roots and locks fields. */
    public void onPlan(final int sender, final long mask, final boolean last, final int sequencer, final long sequence,
        final DirectBuffer b, final int[] at)
    {
        final int blocksOffset = at[0];
        final int blocksLength = at[1];
        final int rootsOffset = at[2];
        final int rootsLength = at[3];
        if (!learn(sender, mask))
        {
            return;
        }
        if (!planStarted)
        {
            planStarted = true;
            for (final CoherenceProtocol p : site.protocols())
            {
                if (!BrokenMode.recoveryKeepsRecords())
                {
                    p.recoveryBegins();
                }
            }
        }
        for (int p = blocksOffset; p < blocksOffset + blocksLength; p += RecoveryEntries.PLAN_ENTRY)
        {
            final long id = RecoveryEntries.planBlock(b, p);
            final int owner = RecoveryEntries.planOwner(b, p);
            final long copyset = RecoveryEntries.planCopyset(b, p);
            final BlockMeta meta = site.block(id);
            if (meta != null)
            {
                if (owner == RecoveryEntries.LOST)
                {
                    if (meta.lostReason() == null)
                    {
                        final int deadNode = deadHolder(id, mask);
                        final String reason = meta.describe() + " was lost: every copy of it was on " + View.describe(mask) +
                            ", which died (node " + self + " learned it in the recovery round led by node " + sender + ")";
                        meta.markLost(reason, deadNode);
                        lost.incrementAndGet();
                        if (lostBlocks.size() < 1000)
                        {
                            lostBlocks.add(meta.describe() + " with node " + deadNode);
                        }
                    }
                }
                else
                {
                    if (owner == self && !meta.owner)
                    {
                        recovered.incrementAndGet(); // this node now owns a block whose owner died
                    }
                    meta.owner = owner == self;
                }
            }
            final CoherenceProtocol protocol = site.protocol(RecoveryEntries.planProtocol(b, p));
            if (protocol != null && !BrokenMode.recoveryKeepsRecords())
            {
                protocol.recover(id, meta, owner, copyset);
            }
        }
        RecoveryEntries.forEachRoot(b, rootsOffset, rootsLength, site::adoptRoot);
        RecoveryEntries.forEachLockPlan(b, at[4], at[5], site.locks()::recover);
        if (last)
        {
            finish(sender, sequencer, sequence);
        }
    }

    private static int deadHolder(final long blockId, final long mask)
    {
        final int creator = BlockIds.creator(blockId);
        return creator >= 0 && creator < 64 && (mask & (1L << creator)) != 0 ? creator : Long.numberOfTrailingZeros(mask);
    }

    private void finish(final int leader, final int sequencer, final long sequence)
    {
        final long took = System.nanoTime() - startedNs;
        lastRoundNs = took;
        rounds.incrementAndGet();
        final long mask = round;
        round = 0;
        outbox.holdBlockMessages(false);
        site.sequencer().takeOver(sequencer, sequence, site.blocks()); // may send the new sequencer's copies
        site.locks().thaw();
        for (final BlockMeta meta : site.blocks())
        {
            meta.retryFault();
        }
        site.rootsRecovered();
        System.err.println("[dsm node " + self + "] recovered from the death of " + View.describe(mask) + " in " +
            TimeUnit.NANOSECONDS.toMicros(took) / 1000.0 + " ms (round led by node " + leader + "): " + recovered.get() +
            " blocks owned here anew so far, " + lost.get() + " lost so far");
    }

    public long rounds()
    {
        return rounds.get();
    }

    /** Blocks this node took over as owner because their owner died. */
    public long recoveredBlocks()
    {
        return recovered.get();
    }

    /** Blocks this node knew that were lost (every copy died). */
    public long lostBlocks()
    {
        return lost.get();
    }

    /** The lost blocks this node knew, described (the first 1000). */
    public List<String> lostBlockList()
    {
        synchronized (lostBlocks)
        {
            return new ArrayList<>(lostBlocks);
        }
    }

    public long lastRoundNs()
    {
        return lastRoundNs;
    }
}
