package io.dsm.it.model;

import io.dsm.api.Shared;

/** A one-slot mailbox between nodes with wait/notifyAll. */
@Shared
public class Mailbox
{
    public long item;
    public boolean full;
    public long taken;

    public synchronized void put(final long value) throws InterruptedException
    {
        while (full)
        {
            wait();
        }
        item = value;
        full = true;
        notifyAll();
    }

    public synchronized long take() throws InterruptedException
    {
        while (!full)
        {
            wait();
        }
        full = false;
        taken++;
        notifyAll();
        return item;
    }
}
