package io.dsm.runtime.node;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;

import sun.misc.Unsafe;

/**
 * The two {@code sun.misc.Unsafe} services with no public equivalent, and no memory access (so
 * JDK 24+ does not warn about them): creating a replica without running a constructor, and
 * asking whether a class still needs initialising. The latter was removed from
 * {@code sun.misc.Unsafe} in JDK 22; there {@link #initialised} answers "unknown" and the caller
 * initialises on a helper thread once per class.
 */
public final class UnsafeServices
{
    private static final Unsafe UNSAFE = unsafe();
    private static final MethodHandle SHOULD_BE_INITIALIZED = shouldBeInitialized();

    private UnsafeServices()
    {
    }

    /** A new object of {@code type} with every field at its default, no constructor run. */
    public static Object allocate(final Class<?> type) throws InstantiationException
    {
        return UNSAFE.allocateInstance(type);
    }

    /** TRUE: initialised; FALSE: not yet; null: this JDK cannot tell without initialising it. */
    static Boolean initialised(final Class<?> type)
    {
        if (SHOULD_BE_INITIALIZED == null)
        {
            return null;
        }
        try
        {
            return !(boolean)SHOULD_BE_INITIALIZED.invokeExact(UNSAFE, type);
        }
        catch (final Throwable t)
        {
            return null;
        }
    }

    private static MethodHandle shouldBeInitialized()
    {
        try
        {
            return MethodHandles.publicLookup().findVirtual(Unsafe.class, "shouldBeInitialized",
                MethodType.methodType(boolean.class, Class.class));
        }
        catch (final ReflectiveOperationException ex)
        {
            return null; // JDK 22+
        }
    }

    private static Unsafe unsafe()
    {
        try
        {
            final Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe)f.get(null);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}
