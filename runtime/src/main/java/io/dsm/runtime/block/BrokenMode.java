package io.dsm.runtime.block;

/**
 * TEST ONLY: every deliberately broken behaviour in one place, so the consistency tests can show
 * that they catch bugs. Static final, so the JIT folds the checks away when unset.
 */
public final class BrokenMode
{
    /**
     * {@code -Ddsm.test.broken=skip-invalidation}: copy holders acknowledge an invalidation but
     * keep their stale copy readable.
     */
    public static final boolean SKIP_INVALIDATION = "skip-invalidation".equals(System.getProperty("dsm.test.broken"));

    /**
     * {@code -Ddsm.test.unsoundWrites=true}: removes the writer count, so a store can race with
     * revocation and be lost.
     */
    static final boolean UNSOUND_WRITES = Boolean.getBoolean("dsm.test.unsoundWrites");

    /**
     * {@code -Ddsm.test.broken=no-announce}: a writer to a block in state WRITE checks the state
     * and stores without setting its in-flight flag, so the revoker cannot wait for it (also part
     * of {@code dsm.test.unsoundWrites}).
     */
    static final boolean NO_ANNOUNCE = "no-announce".equals(System.getProperty("dsm.test.broken")) || UNSOUND_WRITES;

    /**
     * {@code -Ddsm.test.broken=no-membarrier}: the revoker CASes the state and waits for flags but
     * issues no process-wide barrier, so a writer's flag store may still sit in its store buffer
     * while its state load missed the CAS.
     */
    static final boolean NO_MEMBARRIER = "no-membarrier".equals(System.getProperty("dsm.test.broken"));

    /**
     * {@code -Ddsm.test.broken=local-monitors}: {@code synchronized} on a shared object takes only
     * the JVM's monitor, as before cluster monitors existed.
     */
    public static final boolean LOCAL_MONITORS = "local-monitors".equals(System.getProperty("dsm.test.broken"));

    /**
     * {@code -Ddsm.test.broken=skip-lock-fence}: a lock hand-off does not wait for full
     * replication's updates, so the next holder may read before the last holder's writes arrived.
     */
    public static final boolean SKIP_LOCK_FENCE = "skip-lock-fence".equals(System.getProperty("dsm.test.broken"));

    /**
     * {@code -Ddsm.test.broken=greedy-locks}: a node that was asked for a cluster lock keeps
     * re-granting it to its own threads for 1000 more sections before it hands it over.
     */
    public static final boolean GREEDY_LOCKS = "greedy-locks".equals(System.getProperty("dsm.test.broken"));

    /**
     * {@code -Ddsm.test.broken=whole-object-grants}: a grant of one block of a split object carries
     * every field of the object, so installing it overwrites the neighbouring blocks' fields with
     * the sender's stale values and writes are lost.
     */
    public static final boolean WHOLE_OBJECT_GRANTS = "whole-object-grants".equals(System.getProperty("dsm.test.broken"));

    /**
     * {@code -Ddsm.test.broken=recovery-without-flush}: a recovery round reports the block table at
     * once instead of after every survivor's flush, so a block whose grant is still in flight looks
     * ownerless and is declared lost. Read at the start of each round (a slow path), so an in-process
     * test can switch it.
     */
    public static boolean recoveryWithoutFlush()
    {
        return "recovery-without-flush".equals(System.getProperty("dsm.test.broken"));
    }

    /**
     * {@code -Ddsm.test.broken=recovery-keeps-records}: protocols keep their manager records and
     * queues across a recovery round (a record busy with a dead node's request stays busy). Read at
     * each plan, like {@link #recoveryWithoutFlush()}.
     */
    public static boolean recoveryKeepsRecords()
    {
        return "recovery-keeps-records".equals(System.getProperty("dsm.test.broken"));
    }

    private BrokenMode()
    {
    }
}
