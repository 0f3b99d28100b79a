package io.dsm.agent;

import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Gives a shared class its per-object block state:
 * <ul>
 * <li>{@code int $dsm$state}, the state word, and {@code Object $dsm$meta}, the link to the
 *     slow path, only in the topmost shared class (subclasses inherit them): 8 bytes per object
 *     with compressed oops;</li>
 * <li>{@code static final VarHandle $dsm$vh}, the state word's handle, in every shared class. The
 *     class initialiser sets it before anything else, since the rest of the initialiser may
 *     already call accessors that use it; a class without an initialiser gets one.</li>
 * <li>for each block the class's {@link BlockPlan} adds beyond block 0, its own state word
 *     {@code int $dsm$s<k>} and handle {@code static final VarHandle $dsm$vh<k>}, set in the same
 *     prologue: 4 bytes per extra block (often none: the JVM fills alignment gaps).</li>
 * </ul>
 */
final class StateFieldAdder extends ClassVisitor
{
    private static final int SYNTHETIC_PUBLIC = Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC;

    private final boolean declaresState;
    private final BlockPlan plan;
    private String internalName;
    private boolean hasClinit;

    /** {@code declaresState}: the class is shared and its superclass is not. */
    StateFieldAdder(final ClassVisitor next, final boolean declaresState)
    {
        this(next, declaresState, BlockPlan.WHOLE_OBJECT);
    }

    StateFieldAdder(final ClassVisitor next, final boolean declaresState, final BlockPlan plan)
    {
        super(Opcodes.ASM9, next);
        this.declaresState = declaresState;
        this.plan = plan;
    }

    @Override
    public void visit(final int version, final int access, final String name, final String signature,
        final String superName, final String[] interfaces)
    {
        this.internalName = name;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(final int access, final String name, final String descriptor,
        final String signature, final String[] exceptions)
    {
        final MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
        if (mv == null || !"<clinit>".equals(name))
        {
            return mv;
        }
        hasClinit = true;
        return new HandlePrologue(mv, internalName, plan);
    }

    @Override
    public void visitEnd()
    {
        if (declaresState)
        {
            word(Names.STATE_FIELD, 0);
            super.visitField(SYNTHETIC_PUBLIC | Opcodes.ACC_TRANSIENT, Names.META_FIELD, Names.META_DESCRIPTOR,
                null, null).visitEnd();
        }
        super.visitField(SYNTHETIC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, Names.HANDLE_FIELD,
            Names.HANDLE_DESCRIPTOR, null, null).visitEnd();
        for (int k = Math.max(1, plan.firstOwnBlock()); k < plan.blockCount(); k++)
        {
            word(Names.stateField(k), k);
            super.visitField(SYNTHETIC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, Names.handleField(k),
                Names.HANDLE_DESCRIPTOR, null, null).visitEnd();
        }
        if (!hasClinit)
        {
            final MethodVisitor mv = new HandlePrologue(
                super.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null), internalName, plan);
            mv.visitCode();
            mv.visitInsn(Opcodes.RETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }
        super.visitEnd();
    }

    /** A state word; in a padded class, in the contention group of its block's fields (same cache lines). */
    private void word(final String name, final int block)
    {
        final FieldVisitor fv = super.visitField(SYNTHETIC_PUBLIC | Opcodes.ACC_TRANSIENT, name, Names.STATE_DESCRIPTOR,
            null, null);
        if (plan.padded())
        {
            BlockTagger.contended(fv, block);
        }
        fv.visitEnd();
    }

    /**
     * Puts {@code $dsm$vh = BlockState.stateHandle(C.class)}, and {@code $dsm$vh<k> =
     * BlockState.stateHandle(C.class, "$dsm$s<k>")} for the class's own extra blocks, in front of
     * the initialiser's code.
     */
    private static final class HandlePrologue extends MethodVisitor
    {
        private final String owner;
        private final BlockPlan plan;

        HandlePrologue(final MethodVisitor next, final String owner, final BlockPlan plan)
        {
            super(Opcodes.ASM9, next);
            this.owner = owner;
            this.plan = plan;
        }

        @Override
        public void visitCode()
        {
            super.visitCode();
            super.visitLdcInsn(Type.getObjectType(owner));
            Names.STATE_HANDLE.invoke(mv);
            super.visitFieldInsn(Opcodes.PUTSTATIC, owner, Names.HANDLE_FIELD, Names.HANDLE_DESCRIPTOR);
            for (int k = Math.max(1, plan.firstOwnBlock()); k < plan.blockCount(); k++)
            {
                super.visitLdcInsn(Type.getObjectType(owner));
                super.visitLdcInsn(Names.stateField(k));
                Names.BLOCK_STATE_HANDLE.invoke(mv);
                super.visitFieldInsn(Opcodes.PUTSTATIC, owner, Names.handleField(k), Names.HANDLE_DESCRIPTOR);
            }
        }

        @Override
        public void visitMaxs(final int maxStack, final int maxLocals)
        {
            super.visitMaxs(Math.max(maxStack, 2), maxLocals); // the class and the field name
        }
    }
}
