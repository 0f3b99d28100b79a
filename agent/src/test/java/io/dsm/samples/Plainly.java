package io.dsm.samples;

/** Not shared: its synchronized method keeps the JVM's flag; its monitor instructions still get the (no-op) checks. */
public class Plainly
{
    private int n;

    public synchronized int next()
    {
        return ++n;
    }

    public int nextInBlock() throws InterruptedException
    {
        synchronized (this)
        {
            notify();
            wait(1, 0);
            return ++n;
        }
    }
}
