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

    /** A write in a loop: the method holds the thread's write slot in a local. */
    public static void countTo(final Ledger l, final int n)
    {
        for (int i = 1; i <= n; i++)
        {
            l.count = i;
        }
    }

    /** Writes in a loop with long and double locals live across it (stack map frames count them twice). */
    public static double sumInto(final Ledger l, final long[] values)
    {
        long sum = 0;
        double mean = 0;
        for (final long v : values)
        {
            sum += v;
            l.version = sum;
            mean = (double)sum / values.length;
        }
        return mean;
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
