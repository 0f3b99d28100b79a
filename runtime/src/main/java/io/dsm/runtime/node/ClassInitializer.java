package io.dsm.runtime.node;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.dsm.api.DsmException;
import io.dsm.runtime.wire.ClassNotReadyException;

/**
 * Keeps class initialisation off the protocol thread. Creating a replica or an enum constant
 * initialises its class, and a static initialiser may itself wait for the DSM (a static root is
 * bound in {@code <clinit>}): run there, or waited for there while an application thread runs
 * it, it would stop the thread that must answer. So the protocol thread only asks whether a class
 * is initialised; if not, a helper thread initialises it (or waits for the thread that already
 * does) and the message is handled again once it has.
 */
final class ClassInitializer
{
    private final int node;
    /** Classes seen initialised; touched by the protocol thread only. */
    private final Set<Class<?>> ready = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Class<?>, Boolean> started = new ConcurrentHashMap<>();
    private final Map<Class<?>, Throwable> failed = new ConcurrentHashMap<>();
    /** Classes a helper thread finished initialising (JDK 22+ cannot otherwise tell). */
    private final Map<Class<?>, Boolean> done = new ConcurrentHashMap<>();

    ClassInitializer(final int node)
    {
        this.node = node;
    }

    /**
     * Returns if {@code type} is initialised; otherwise starts its initialisation on a helper
     * thread and throws {@link ClassNotReadyException}. Throws {@link DsmException} if its
     * static initialiser failed (the class cannot be used on this node).
     */
    void require(final Class<?> type)
    {
        if (ready.contains(type))
        {
            return;
        }
        if (done.containsKey(type) || UnsafeServices.initialised(type) == Boolean.TRUE)
        {
            ready.add(type);
            return;
        }
        final Throwable failure = failed.get(type);
        if (failure != null)
        {
            throw new DsmException("class " + type.getName() + " failed to initialise on node " + node + " (" + failure +
                "), so its objects cannot be received there: fix its static initialiser");
        }
        if (started.putIfAbsent(type, Boolean.TRUE) == null)
        {
            final Thread t = new Thread(() -> initialise(type), "dsm-node-" + node + "-init-" + type.getSimpleName());
            t.setDaemon(true);
            t.start();
        }
        throw new ClassNotReadyException(type);
    }

    private void initialise(final Class<?> type)
    {
        try
        {
            // initialises the class, or waits for the thread that does; a no-op once it is
            Class.forName(type.getName(), true, type.getClassLoader());
            done.put(type, Boolean.TRUE);
        }
        catch (final Throwable t)
        {
            failed.put(type, t);
        }
    }
}
