package io.dsm.agent;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.pool.TypePool;

/**
 * The rewriting of one class, plugged into ByteBuddy: a chain of class visitors, one rewrite each.
 * The class flows through them in this order:
 * <ol>
 * <li>{@link FieldAccessRewriter}, {@link WriterSlotHoister} (the thread's write slot held in a
 *     local in methods that write shared fields in loops) and {@link StaticRootBinder}, in every
 *     class. They come first so
 *     that the code the later visitors add, whose own field instructions must stay plain, never
 *     passes through them;</li>
 * <li>{@link MonitorRewriter}, in every class: cluster-wide {@code synchronized}, {@code wait} and
 *     {@code notify} (synchronized methods only in shared classes);</li>
 * <li>{@link BlockTagger}, {@link StateFieldAdder}, then {@link AccessorEmitter}, in shared classes
 *     only, all three following the class's {@link BlockPlan}. In this order the added fields and
 *     methods come after the class's own, state fields first, accessors last; the emitter skips
 *     the agent's fields it sees pass.</li>
 * </ol>
 */
final class RewritePipeline implements AsmVisitorWrapper
{
    private final SharedTypes types;
    private final SharedTypes.LoaderCache cache;

    RewritePipeline(final SharedTypes types, final SharedTypes.LoaderCache cache)
    {
        this.types = types;
        this.cache = cache;
    }

    @Override
    public int mergeWriter(final int flags)
    {
        return flags;
    }

    /** Expanded frames: {@link WriterSlotHoister} adds a local to every frame of a method it changes. */
    @Override
    public int mergeReader(final int flags)
    {
        return flags | ClassReader.EXPAND_FRAMES;
    }

    @Override
    public ClassVisitor wrap(
        final TypeDescription instrumentedType, final ClassVisitor classVisitor,
        final Implementation.Context implementationContext, final TypePool typePool,
        final FieldList<FieldDescription.InDefinedShape> fields, final MethodList<?> methods,
        final int writerFlags, final int readerFlags)
    {
        // built from the writer's end: each visitor wraps the one the class reaches after it
        final SharedFieldLookup lookup = new SharedFieldLookup(types, cache, typePool);
        ClassVisitor chain = classVisitor;
        final boolean shared = types.isShared(typePool, cache, instrumentedType.getName());
        if (shared)
        {
            final BlockPlan plan = types.plan(typePool, cache, instrumentedType);
            chain = new AccessorEmitter(chain, plan, types.profiling());
            chain = new StateFieldAdder(chain, types.declaresState(typePool, cache, instrumentedType), plan);
            chain = new BlockTagger(chain, plan);
        }
        chain = new MonitorRewriter(chain, shared);
        chain = new StaticRootBinder(chain, lookup);
        chain = new WriterSlotHoister(chain);
        return new FieldAccessRewriter(chain, lookup);
    }
}
