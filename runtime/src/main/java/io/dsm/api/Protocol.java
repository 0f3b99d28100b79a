package io.dsm.api;

/**
 * The coherence algorithm of a shared class (see the README's table of which to choose when).
 * Every algorithm of the classic DSM literature is here, each implemented by a class of its own.
 */
public enum Protocol
{
    /** The cluster default, {@code dsm.protocol} (itself {@link #IVY_FORWARDING_MANAGER} unless set). */
    DEFAULT("default"),

    /** No copies: the block's home node (its creator) holds the data, every access is a request to it. */
    CENTRAL_SERVER("central-server"),

    /** One copy that moves to the faulting node, for reads and writes; a minimum hold time ({@code dsm.migration.hold.ms}) curbs thrashing. */
    MIGRATION("migration"),

    /** Read replication, write-invalidate; the owner is found by broadcasting the request. */
    IVY_BROADCAST("ivy-broadcast"),

    /** Read replication; a central manager answers "the owner is O" and the requester asks O (four messages). */
    IVY_CENTRAL_MANAGER("ivy-central-manager"),

    /** Read replication; a central manager forwards the request to the owner (three messages and a confirmation). */
    IVY_FORWARDING_MANAGER("ivy-forwarding-manager"),

    /** Read replication; fixed distributed managers, the manager of a block chosen by the low-order bits of its id. */
    IVY_FIXED_LOW_BITS("ivy-fixed-low-bits"),

    /** Read replication; fixed distributed managers chosen by the high-order bits of the block id (regions). */
    IVY_FIXED_HIGH_BITS("ivy-fixed-high-bits"),

    /** Read replication; fixed distributed managers chosen by a hash of the block id. */
    IVY_FIXED_HASH("ivy-fixed-hash"),

    /** Read replication; dynamic distributed manager: probable owners, forwarding, the copyset travels with ownership. */
    IVY_DYNAMIC("ivy-dynamic"),

    /** Full replication, write-update: writes go through a sequencer that orders them and updates every copy. */
    FULL_REPLICATION("full-replication");

    private final String configName;

    Protocol(final String configName)
    {
        this.configName = configName;
    }

    /** The name used in configuration ({@code dsm.protocol=...}). */
    public String configName()
    {
        return configName;
    }

    /** The protocol with this configuration name, or null. */
    public static Protocol byConfigName(final String name)
    {
        for (final Protocol p : values())
        {
            if (p.configName.equals(name))
            {
                return p;
            }
        }
        return null;
    }
}
