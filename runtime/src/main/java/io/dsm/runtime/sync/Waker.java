package io.dsm.runtime.sync;

import java.util.concurrent.LinkedBlockingQueue;

/**
 * Wakes threads that wait inside {@code Object.wait} on a shared object's monitor when the
 * protocol agent grants them the lock or delivers a notify: {@code synchronized (o) { o.notifyAll(); }}
 * needs the application's monitor, which the protocol thread must never wait for.
 */
final class Waker implements AutoCloseable
{
    private static final Object STOP = new Object();

    private final LinkedBlockingQueue<Object> monitors = new LinkedBlockingQueue<>();
    private final Thread thread;

    Waker(final int node)
    {
        thread = new Thread(this::run, "dsm-node-" + node + "-waker");
        thread.setDaemon(true);
        thread.start();
    }

    void wake(final Object monitor)
    {
        if (monitor != null)
        {
            monitors.add(monitor);
        }
    }

    private void run()
    {
        try
        {
            while (true)
            {
                final Object m = monitors.take();
                if (m == STOP)
                {
                    return;
                }
                synchronized (m)
                {
                    m.notifyAll(); // waiters re-check their own flags: spurious wake-ups are harmless
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close()
    {
        monitors.add(STOP);
    }
}
