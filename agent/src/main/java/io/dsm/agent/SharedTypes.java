package io.dsm.agent;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;

import io.dsm.runtime.layout.LayoutFile;

/**
 * Answers "is this class shared?" and "which shared field does this field instruction touch?"
 * from class bytes through a {@link TypePool}, without loading classes. Answers are cached per
 * class loader (weakly), since the pool handed to each transformation is new.
 */
final class SharedTypes
{
    static final String SHARED_ANNOTATION = "io.dsm.api.Shared";

    /** A field declared in a shared class. */
    static final class SharedField
    {
        final String declaringInternalName;
        final String name;
        final String descriptor;
        final boolean isStatic;
        final boolean isFinal;
        final boolean isVolatile;

        SharedField(final String declaringInternalName, final FieldDescription f)
        {
            this.declaringInternalName = declaringInternalName;
            this.name = f.getName();
            this.descriptor = f.getDescriptor();
            this.isStatic = f.isStatic();
            this.isFinal = f.isFinal();
            this.isVolatile = f.isVolatile();
        }
    }

    /** Cached answers for one class loader. */
    static final class LoaderCache
    {
        final Map<String, Boolean> shared = new ConcurrentHashMap<>();
        final Map<String, Object> fields = new ConcurrentHashMap<>();
        final Map<String, BlockPlan> plans = new ConcurrentHashMap<>();
    }

    private static final Object NOT_SHARED = new Object();
    private static final String[] NEVER_SHARED = {"java.", "javax.", "jdk.", "sun.", "com.sun.", "io.dsm.runtime.",
        "io.dsm.agent.", "io.dsm.api.", "io.dsm.shaded.", "io.aeron.", "org.agrona.", "net.bytebuddy."};

    private final Set<String> configured;
    private final LayoutFile layout;
    private final boolean profiling;
    private final Map<ClassLoader, LoaderCache> caches = Collections.synchronizedMap(new WeakHashMap<>());
    private final LoaderCache bootstrapCache = new LoaderCache();

    SharedTypes(final Set<String> configuredClassNames)
    {
        this(configuredClassNames, LayoutFile.NONE);
    }

    SharedTypes(final Set<String> configuredClassNames, final LayoutFile layout)
    {
        this(configuredClassNames, layout, false);
    }

    /** {@code profiling}: accessors report every access to the profile (dsm.profile=true). */
    SharedTypes(final Set<String> configuredClassNames, final LayoutFile layout, final boolean profiling)
    {
        this.configured = configuredClassNames;
        this.layout = layout;
        this.profiling = profiling;
    }

    boolean profiling()
    {
        return profiling;
    }

    /** The blocks of a shared class's fields (see {@link BlockPlan}). */
    BlockPlan plan(final TypePool pool, final LoaderCache cache, final TypeDescription type)
    {
        final BlockPlan known = cache.plans.get(type.getName());
        if (known != null)
        {
            return known;
        }
        BlockPlan superPlan = null;
        final TypeDescription.Generic superClass = type.getSuperClass();
        if (superClass != null && isShared(pool, cache, superClass.asErasure().getName()))
        {
            final TypePool.Resolution resolution = pool.describe(superClass.asErasure().getName());
            superPlan = plan(pool, cache, resolution.isResolved() ? resolution.resolve() : superClass.asErasure());
        }
        final BlockPlan plan = BlockPlan.of(type, superPlan, layout);
        cache.plans.put(type.getName(), plan);
        return plan;
    }

    LoaderCache cacheFor(final ClassLoader loader)
    {
        return loader == null ? bootstrapCache : caches.computeIfAbsent(loader, l -> new LoaderCache());
    }

    /** True when the class (binary name) is annotated, configured, or extends a shared class. */
    boolean isShared(final TypePool pool, final LoaderCache cache, final String binaryName)
    {
        for (final String prefix : NEVER_SHARED)
        {
            if (binaryName.startsWith(prefix))
            {
                return false;
            }
        }
        final Boolean known = cache.shared.get(binaryName);
        if (known != null)
        {
            return known;
        }
        final boolean result = computeShared(pool, cache, binaryName);
        cache.shared.put(binaryName, result);
        return result;
    }

    private boolean computeShared(final TypePool pool, final LoaderCache cache, final String binaryName)
    {
        final TypePool.Resolution resolution = pool.describe(binaryName);
        if (!resolution.isResolved())
        {
            return false;
        }
        final TypeDescription type = resolution.resolve();
        if (type.isInterface() || type.isAnnotation() || type.isArray() || type.isPrimitive())
        {
            return false;
        }
        if (configured.contains(binaryName) ||
            type.getDeclaredAnnotations().stream().anyMatch(a -> a.getAnnotationType().getName().equals(SHARED_ANNOTATION)))
        {
            return true;
        }
        final TypeDescription.Generic superClass = type.getSuperClass();
        return superClass != null && isShared(pool, cache, superClass.asErasure().getName());
    }

    /** True when the class is shared and its superclass is not: it declares the state fields. */
    boolean declaresState(final TypePool pool, final LoaderCache cache, final TypeDescription type)
    {
        final TypeDescription.Generic superClass = type.getSuperClass();
        return superClass == null || !isShared(pool, cache, superClass.asErasure().getName());
    }

    /**
     * Resolves a field instruction's owner and name up the superclass chain (JVMS 5.4.3.2) and
     * returns the field if it is declared in a shared class, else null.
     */
    SharedField resolve(final TypePool pool, final LoaderCache cache, final String ownerInternalName, final String name)
    {
        if (ownerInternalName.startsWith("java/") || ownerInternalName.startsWith("["))
        {
            return null;
        }
        final String key = ownerInternalName + '.' + name;
        final Object known = cache.fields.get(key);
        if (known != null)
        {
            return known == NOT_SHARED ? null : (SharedField)known;
        }
        final SharedField result = computeField(pool, cache, ownerInternalName.replace('/', '.'), name);
        cache.fields.put(key, result == null ? NOT_SHARED : result);
        return result;
    }

    private SharedField computeField(final TypePool pool, final LoaderCache cache, final String owner, final String name)
    {
        final TypePool.Resolution resolution = pool.describe(owner);
        if (!resolution.isResolved())
        {
            return null;
        }
        for (TypeDefinition t = resolution.resolve(); t != null; t = t.getSuperClass())
        {
            final TypeDescription erased = t.asErasure();
            for (final FieldDescription.InDefinedShape f : erased.getDeclaredFields())
            {
                if (f.getName().equals(name))
                {
                    if (name.startsWith("$dsm$") || !isShared(pool, cache, erased.getName()))
                    {
                        return null;
                    }
                    return new SharedField(erased.getInternalName(), f);
                }
            }
        }
        return null;
    }
}
