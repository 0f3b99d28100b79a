package io.dsm.runtime.block;

/**
 * What one node knows about one shared object (one block): its global id, the replica it is
 * attached to, its protocol, and the fault in flight for it. Reached from the replica through the
 * {@code $dsm$meta} field that the agent adds, used only on the slow path.
 *
 * <p>This class owns the lock discipline of a block's waits: the fault in flight is read and
 * changed only under this object's monitor, by the methods below, so an application thread and the
 * protocol agent cannot both believe they started or finished it.
 */
public final class BlockMeta
{
    public final long id;
    /** This block's index within its object (0 unless the class is split into blocks). */
    public final int block;
    /** The handle of this block's state word in the replica (null for an unshared class). */
    public final java.lang.invoke.VarHandle stateHandle;
    /** Which write state a grant gives this block (announced, or CAS when it moves often). */
    public final WritePolicy writePolicy = new WritePolicy();
    /** The node that holds this replica; two nodes in one JVM have distinct handlers. */
    public final FaultHandler faults;
    public final int nodeId;
    public final Object replica;
    public final ClassLayout layout;
    public final BlockProtocol protocol;
    /** The node's cluster monitors, for {@code synchronized} on this object. */
    public final MonitorHandler monitors;

    /** This node owns the block (has the authoritative copy). Confined to the node's protocol agent. */
    public boolean owner;

    /** Protocol-specific per-block state, confined to the agent thread (e.g. a probable owner). */
    public Object protocolState;

    /** The blocks of the same object, by index (this one among them); set once, before the meta is published. */
    private BlockMeta[] siblings = {this};

    /** Profile counters of this block, or null when the node does not profile; set before the meta is shared. */
    public BlockProfile profile;

    /** When this node received the block (migration's hold time), on the agent thread. */
    public long acquiredAtNs;

    /** The request this node has outstanding for the block, if any. Guarded by {@code this}. */
    private Completion pending;

    /** The access {@link #pending} asks for. Guarded by {@code this}. */
    private int pendingAccess;

    /**
     * Until when ({@code System.nanoTime}) the node keeps the block for the local thread that faulted
     * for it, 0 once that thread has made its access. Without it a remote request that arrives while
     * the woken thread is still on its way takes the block away again, the thread faults again, and a
     * node that spins on a block can starve the one that manages or owns it (a turn-taking counter
     * cost 33 faults per turn that way). Set by the agent, cleared by the application thread.
     */
    private volatile long heldUntilNs;

    /** When the current hold began (agent writes, application thread reads after the grant). */
    private volatile long grantedAtNs;

    /** Why every access fails at once (every copy died with a node), or null. */
    private volatile String lostReason;
    private volatile int lostWith = -1;

    public BlockMeta(final long id, final int nodeId, final FaultHandler faults, final Object replica,
        final ClassLayout layout, final BlockProtocol protocol, final MonitorHandler monitors)
    {
        this.monitors = monitors;
        this.id = id;
        this.block = BlockIds.index(id);
        this.stateHandle = layout.shared() ? layout.stateHandle(block) : null;
        this.nodeId = nodeId;
        this.faults = faults;
        this.replica = replica;
        this.layout = layout;
        this.protocol = protocol;
    }

    /** Makes {@code all} (indexed by block) the blocks of one object; called before any of them is shared. */
    public static void siblings(final BlockMeta[] all)
    {
        for (final BlockMeta m : all)
        {
            m.siblings = all;
        }
    }

    /** Block {@code k} of the same object. */
    public BlockMeta sibling(final int k)
    {
        return siblings[k];
    }

    /** The blocks of the same object, by index. */
    public BlockMeta[] siblings()
    {
        return siblings;
    }

    public int state()
    {
        return (int)stateHandle.getVolatile(replica);
    }

    public boolean compareAndSetState(final int expected, final int update)
    {
        return stateHandle.compareAndSet(replica, expected, update);
    }

    public String describe()
    {
        return "block " + BlockIds.format(id) + " (" + layout.type().getName() +
            (layout.blockCount() == 1 ? ")" : ", fields " + fieldNames() + ")");
    }

    private String fieldNames()
    {
        final StringBuilder b = new StringBuilder();
        for (final ClassLayout.Slot s : layout.slots(block))
        {
            b.append(b.length() == 0 ? "" : ",").append(s.name);
        }
        return b.toString();
    }

    /** Whether {@code state} allows {@code access} ({@link AccessKind}). */
    public static boolean allows(final int state, final int access)
    {
        return access == AccessKind.READ ? (state & BlockState.NOT_READABLE) == 0 : BlockState.mode(state) == BlockState.WRITE;
    }

    /**
     * Joins the fault in flight, or starts one for {@code access}; null when the access is allowed
     * already. Checked under the lock: a copy installed since the caller's own check has completed
     * its fault and cleared it, so a new request now would be answered by a grant that protocols
     * ignore (they have the block) and wait forever. The thread that started the fault must send
     * the request ({@link Completion#requestedBy}).
     */
    public synchronized Completion joinOrStartFault(final int access)
    {
        if (allows(state(), access))
        {
            return null;
        }
        if (pending == null)
        {
            pending = Completion.requestedByCurrentThread();
            pendingAccess = access;
        }
        return pending;
    }

    /** A waiter gave up on {@code fault} (timeout): the next fault starts a new request. */
    public synchronized void abandonFault(final Completion fault)
    {
        if (pending == fault)
        {
            pending = null;
        }
    }

    /** The access was granted: wakes the threads waiting for it, and holds the block for them (bounded). */
    public void completeFault()
    {
        final Completion p = takePending(false);
        if (p != null)
        {
            final long hold = faults.grantHoldNs();
            if (hold > 0)
            {
                final long now = System.nanoTime();
                grantedAtNs = now;
                heldUntilNs = now + hold;
            }
            p.complete();
        }
    }

    /**
     * Whether requests that would take the block away must wait: a local thread was granted it and
     * has not made its access yet, and the hold has not run out ({@code nowNs} from {@code System.nanoTime}).
     */
    public boolean isHeld(final long nowNs)
    {
        final long until = heldUntilNs;
        return until != 0 && nowNs - until < 0;
    }

    /** The local thread that faulted made its access: the block may go. */
    public void releaseHold()
    {
        if (heldUntilNs != 0)
        {
            final long window = faults.grantWindowNs();
            heldUntilNs = window > 0 ? grantedAtNs + window : 0;
        }
    }

    /** The data was installed for this one access without granting it (central server). */
    public void completeFaultOnce()
    {
        final Completion p = takePending(false);
        if (p != null)
        {
            p.completeOnce();
        }
    }

    /** A read copy that is already invalidated serves the waiting reads once (ivy-dynamic); a write fault waits on. */
    public void serveReadFaultOnce()
    {
        final Completion p = takePending(true);
        if (p != null)
        {
            p.completeOnce();
        }
    }

    /** The fault cannot be served: its waiters get {@code reason} as an exception. */
    public void failFault(final String reason)
    {
        final Completion p = takePending(false);
        if (p != null)
        {
            p.fail(reason);
        }
    }

    /**
     * Recovery: the fault in flight (if any) is asked again. Its waiters wake without the access and
     * loop, so the request goes out anew, to the block's new owner or manager.
     */
    public void retryFault()
    {
        final Completion p = takePending(false);
        if (p != null)
        {
            p.complete();
        }
    }

    /** Recovery: every copy of the block died with {@code deadNode}; every access from now on fails at once. */
    public void markLost(final String reason, final int deadNode)
    {
        lostWith = deadNode;
        lostReason = reason;
        owner = false;
        BlockTransitions.revoke(this, BlockState.INVALID);
        retryFault();
    }

    /** Why the block is lost, or null while it is not. */
    public String lostReason()
    {
        return lostReason;
    }

    /** The dead node that held the last copy, or -1. */
    public int lostWith()
    {
        return lostWith;
    }

    /** Whether this node is waiting for write access to the block. */
    public synchronized boolean hasPendingWrite()
    {
        return pending != null && pendingAccess == AccessKind.WRITE;
    }

    private synchronized Completion takePending(final boolean readOnly)
    {
        final Completion p = pending;
        if (p == null || (readOnly && pendingAccess != AccessKind.READ))
        {
            return null;
        }
        pending = null;
        return p;
    }
}
