package io.dsm.agent;

import net.bytebuddy.pool.TypePool;

/**
 * Which shared field a field instruction touches, answered for the class being rewritten: its
 * class loader's cache and the type pool ByteBuddy hands to this one transformation.
 */
final class SharedFieldLookup
{
    private final SharedTypes types;
    private final SharedTypes.LoaderCache cache;
    private final TypePool pool;

    SharedFieldLookup(final SharedTypes types, final SharedTypes.LoaderCache cache, final TypePool pool)
    {
        this.types = types;
        this.cache = cache;
        this.pool = pool;
    }

    /** The field {@code owner.name} resolves to, if it is declared in a shared class; else null. */
    SharedTypes.SharedField resolve(final String ownerInternalName, final String name)
    {
        return types.resolve(pool, cache, ownerInternalName, name);
    }
}
