package io.dsm.runtime.sync;

import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.BrokenMode;
import io.dsm.runtime.block.ClassLayout;
import io.dsm.runtime.block.MonitorHandler;

/**
 * What rewritten code calls around its monitors: {@code MONITORENTER} becomes
 * {@code enter(o); MONITORENTER}, {@code MONITOREXIT} becomes {@code exit(o); MONITOREXIT}, and
 * {@code o.wait(..)} / {@code o.notify()} / {@code o.notifyAll()} become the static methods of the
 * same names. For an object that is not shared each does exactly what the JVM would, so code that
 * never shares an object pays only a class lookup. Public because application classes call it;
 * not an API.
 */
public final class Monitors
{
    /** This JVM's node's monitors, for class-level locks of shared classes; null without a node in this JVM. */
    private static volatile MonitorHandler classLocks;

    private Monitors()
    {
    }

    /** Installed by the runtime when this JVM's node starts. */
    public static void installClassLocks(final MonitorHandler handler)
    {
        classLocks = handler;
    }

    public static void enter(final Object o)
    {
        final BlockMeta meta = sharedMeta(o);
        if (meta != null)
        {
            meta.monitors.enter(meta.id, o);
        }
        else if (o instanceof Class)
        {
            final MonitorHandler h = classHandler((Class<?>)o);
            if (h != null)
            {
                h.enter(h.classLockId((Class<?>)o), o);
            }
        }
    }

    public static void exit(final Object o)
    {
        final BlockMeta meta = sharedMeta(o);
        if (meta != null)
        {
            meta.monitors.exit(meta.id, o);
        }
        else if (o instanceof Class)
        {
            final MonitorHandler h = classHandler((Class<?>)o);
            if (h != null)
            {
                h.exit(h.classLockId((Class<?>)o), o);
            }
        }
    }

    public static void wait(final Object o) throws InterruptedException
    {
        wait(o, 0L, 0);
    }

    public static void wait(final Object o, final long timeoutMs) throws InterruptedException
    {
        wait(o, timeoutMs, 0);
    }

    public static void wait(final Object o, final long timeoutMs, final int nanos) throws InterruptedException
    {
        final BlockMeta meta = sharedMeta(o);
        if (meta != null)
        {
            meta.monitors.await(meta.id, o, timeoutMs, nanos);
            return;
        }
        final MonitorHandler h = o instanceof Class ? classHandler((Class<?>)o) : null;
        if (h != null)
        {
            h.await(h.classLockId((Class<?>)o), o, timeoutMs, nanos);
            return;
        }
        o.wait(timeoutMs, nanos);
    }

    public static void notify(final Object o)
    {
        notify(o, false);
    }

    public static void notifyAll(final Object o)
    {
        notify(o, true);
    }

    private static void notify(final Object o, final boolean all)
    {
        final BlockMeta meta = sharedMeta(o);
        final MonitorHandler h = meta != null ? meta.monitors : o instanceof Class ? classHandler((Class<?>)o) : null;
        if (h == null)
        {
            if (all)
            {
                o.notifyAll();
            }
            else
            {
                o.notify();
            }
            return;
        }
        h.notify(meta != null ? meta.id : h.classLockId((Class<?>)o), o, all);
    }

    /** The block of a shared object, or null when {@code o} is not (yet) shared: its monitor is the JVM's alone. */
    private static BlockMeta sharedMeta(final Object o)
    {
        if (BrokenMode.LOCAL_MONITORS)
        {
            return null;
        }
        final ClassLayout layout = ClassLayout.of(o.getClass());
        return layout.shared() ? layout.meta(o) : null;
    }

    private static MonitorHandler classHandler(final Class<?> type)
    {
        final MonitorHandler h = classLocks;
        return h != null && !BrokenMode.LOCAL_MONITORS && ClassLayout.isShared(type) ? h : null;
    }
}
