package io.dsm.runtime;

/**
 * TEST ONLY: deliberately broken protocol behaviour, selected with
 * {@code -Ddsm.test.broken=<mode>}, so the consistency tests can show that they catch bugs.
 * Static final, so the JIT folds the checks away when unset.
 */
final class BrokenMode
{
    /** Copy holders acknowledge an invalidation but keep their stale copy readable. */
    static final boolean SKIP_INVALIDATION = "skip-invalidation".equals(System.getProperty("dsm.test.broken"));

    private BrokenMode()
    {
    }
}
