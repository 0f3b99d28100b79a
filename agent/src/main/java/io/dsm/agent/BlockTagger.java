package io.dsm.agent;

import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Marks each instance field the {@link BlockPlan} puts outside block 0 with
 * {@code @InBlock(k)}, so the runtime's codec ships exactly the fields the rewritten accessors
 * guard with block k's word, from the agent's decision rather than a second one of its own; in a
 * padded class ({@code pad.<class> = true}) also puts each field in its block's contention group.
 */
final class BlockTagger extends ClassVisitor
{
    private final BlockPlan plan;

    BlockTagger(final ClassVisitor next, final BlockPlan plan)
    {
        super(Opcodes.ASM9, next);
        this.plan = plan;
    }

    @Override
    public FieldVisitor visitField(final int access, final String name, final String descriptor,
        final String signature, final Object value)
    {
        final FieldVisitor fv = super.visitField(access, name, descriptor, signature, value);
        final boolean own = (access & Opcodes.ACC_STATIC) == 0 && !Names.isAgentMember(name);
        final int block = own ? plan.blockOf(name) : 0;
        if (fv != null && block != 0)
        {
            final AnnotationVisitor av = fv.visitAnnotation(Names.IN_BLOCK_DESCRIPTOR, true);
            av.visit("value", block);
            av.visitEnd();
        }
        if (fv != null && own && plan.padded())
        {
            contended(fv, block);
        }
        return fv;
    }

    /** {@code @Contended("dsm-block-<k>")}: HotSpot pads the group apart when run with -XX:-RestrictContended. */
    static void contended(final FieldVisitor fv, final int block)
    {
        final AnnotationVisitor av = fv.visitAnnotation(Names.CONTENDED_DESCRIPTOR, true);
        av.visit("value", BlockPlan.contentionGroup(block));
        av.visitEnd();
    }
}
