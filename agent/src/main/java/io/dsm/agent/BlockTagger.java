package io.dsm.agent;

import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Marks each instance field the {@link BlockPlan} puts outside block 0 with
 * {@code @InBlock(k)}, so the runtime's codec ships exactly the fields the rewritten accessors
 * guard with block k's word, from the agent's decision rather than a second one of its own.
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
        final int block = (access & Opcodes.ACC_STATIC) != 0 || Names.isAgentMember(name) ? 0 : plan.blockOf(name);
        if (fv != null && block != 0)
        {
            final AnnotationVisitor av = fv.visitAnnotation(Names.IN_BLOCK_DESCRIPTOR, true);
            av.visit("value", block);
            av.visitEnd();
        }
        return fv;
    }
}
