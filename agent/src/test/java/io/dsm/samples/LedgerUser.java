package io.dsm.samples;

/** Not shared itself, but touches shared fields: its field instructions are rewritten. */
public final class LedgerUser
{
    private LedgerUser()
    {
    }

    public static int readCount(final Ledger l)
    {
        return l.count;
    }

    public static void writeCount(final Ledger l, final int value)
    {
        l.count = value;
    }

    public static long readVersion(final Ledger l)
    {
        return l.version;
    }

    public static void writeLabel(final Ledger l, final String label)
    {
        l.label = label;
    }

    /** {@code GETFIELD SubLedger.count}: the field is declared in Ledger. */
    public static int readInherited(final SubLedger s)
    {
        return s.count;
    }

    public static int readTally(final Tally t)
    {
        return t.value;
    }

    public static void writeTally(final Tally t, final int value)
    {
        t.value = value;
    }
}
