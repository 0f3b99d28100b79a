package io.dsm.samples;

import io.dsm.api.Shared;

/** A shared class with synchronized methods (instance and static) and a synchronized block with wait/notify. */
@Shared
public class Vault
{
    public static int opened;
    public int gold;

    /** Two returns and a handler of its own, which must keep priority over the one the rewrite adds. */
    public synchronized int take(final int amount)
    {
        if (amount > gold)
        {
            return 0;
        }
        try
        {
            gold = Math.subtractExact(gold, amount);
        }
        catch (final ArithmeticException ex)
        {
            return -1;
        }
        return amount;
    }

    public synchronized void fail()
    {
        gold++;
        throw new IllegalStateException("failed inside a synchronized method");
    }

    public static synchronized int open()
    {
        return ++opened;
    }

    public void signal() throws InterruptedException
    {
        synchronized (this)
        {
            notifyAll();
            wait(1);
        }
    }
}
