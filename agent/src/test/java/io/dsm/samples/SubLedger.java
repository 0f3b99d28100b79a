package io.dsm.samples;

/** Shared because its superclass is; inherits the state fields. */
public class SubLedger extends Ledger
{
    public int extra;
}
