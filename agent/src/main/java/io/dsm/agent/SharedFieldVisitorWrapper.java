package io.dsm.agent;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.pool.TypePool;

/** Plugs {@link SharedClassVisitor} into ByteBuddy's pipeline for one class of one class loader. */
final class SharedFieldVisitorWrapper implements AsmVisitorWrapper
{
    private final SharedTypes types;
    private final SharedTypes.LoaderCache cache;

    SharedFieldVisitorWrapper(final SharedTypes types, final SharedTypes.LoaderCache cache)
    {
        this.types = types;
        this.cache = cache;
    }

    @Override
    public int mergeWriter(final int flags)
    {
        return flags;
    }

    @Override
    public int mergeReader(final int flags)
    {
        return flags;
    }

    @Override
    public ClassVisitor wrap(
        final TypeDescription instrumentedType, final ClassVisitor classVisitor,
        final Implementation.Context implementationContext, final TypePool typePool,
        final FieldList<FieldDescription.InDefinedShape> fields, final MethodList<?> methods,
        final int writerFlags, final int readerFlags)
    {
        final boolean shared = types.isShared(typePool, cache, instrumentedType.getName());
        final boolean declaresState = shared && types.declaresState(typePool, cache, instrumentedType);
        return new SharedClassVisitor(new MonitorRewriter(classVisitor, shared), types, cache, typePool, shared, declaresState);
    }
}
