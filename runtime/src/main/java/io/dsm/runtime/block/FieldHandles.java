package io.dsm.runtime.block;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.invoke.VarHandle;

/**
 * VarHandles on fields of application classes, which may be package-private: a private lookup
 * in the field's class. The agent and application classes share the unnamed module of their
 * class loader, so no {@code --add-opens} is needed; a class in a named module must open its
 * package to the agent.
 */
final class FieldHandles
{
    private FieldHandles()
    {
    }

    /** A setter of a final instance field, typed {@code (Object, Object)void}: Field.setAccessible permits it, VarHandles never do. */
    static MethodHandle finalSetter(final Field f)
    {
        try
        {
            f.setAccessible(true);
            return MethodHandles.lookup().unreflectSetter(f).asType(MethodType.methodType(void.class, Object.class, Object.class));
        }
        catch (final IllegalAccessException | RuntimeException ex)
        {
            throw new IllegalStateException("the dsm runtime cannot set the final field " + f.getDeclaringClass().getName() + "." +
                f.getName() + " of replicas (" + ex.getMessage() + "): open " + f.getDeclaringClass().getPackageName() +
                " to the dsm agent, or make the field non-final", ex);
        }
    }

    static VarHandle of(final Class<?> declaring, final String name, final Class<?> type)
    {
        try
        {
            return MethodHandles.privateLookupIn(declaring, MethodHandles.lookup()).findVarHandle(declaring, name, type);
        }
        catch (final IllegalAccessException ex)
        {
            throw new IllegalStateException("the dsm runtime cannot access " + declaring.getName() + "." + name +
                " (" + ex.getMessage() + "): open " + declaring.getPackageName() + " to the dsm agent's module " +
                "(--add-opens " + declaring.getModule().getName() + "/" + declaring.getPackageName() + "=ALL-UNNAMED)", ex);
        }
        catch (final NoSuchFieldException ex)
        {
            throw new IllegalStateException(declaring.getName() + " has no field " + name + " of type " + type.getName(), ex);
        }
    }
}
