package io.dsm.agent;

import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Sends the instance-field instructions that touch shared fields, in every method of the class,
 * through the accessors {@link AccessorEmitter} adds to the field's declaring class:
 * <ul>
 * <li>{@code GETFIELD C.f} becomes {@code INVOKESTATIC C.$dsm$r$f(C)T};</li>
 * <li>{@code PUTFIELD C.f} becomes {@code INVOKESTATIC C.$dsm$w$f(C,T)V}, except on final fields
 *     (constructor-only, the object is not yet shared), where only a stored reference is checked.</li>
 * </ul>
 * An accessor takes and leaves the same stack as the instruction it replaces, so the method's
 * stack map frames stay valid. In a constructor, stores before the {@code super()/this()} call
 * are left alone: the object is uninitialized there and may not be passed to a method.
 */
final class FieldAccessRewriter extends ClassVisitor
{
    private final SharedFieldLookup lookup;

    FieldAccessRewriter(final ClassVisitor next, final SharedFieldLookup lookup)
    {
        super(Opcodes.ASM9, next);
        this.lookup = lookup;
    }

    @Override
    public MethodVisitor visitMethod(final int access, final String name, final String descriptor,
        final String signature, final String[] exceptions)
    {
        final MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
        return mv == null ? null : new MethodRewriter(mv, lookup, "<init>".equals(name));
    }

    /** The rewrite of one method's field instructions. */
    private static final class MethodRewriter extends MethodVisitor
    {
        private final SharedFieldLookup lookup;
        private boolean initialized;
        private int pendingNews;
        private int extraStack;

        MethodRewriter(final MethodVisitor next, final SharedFieldLookup lookup, final boolean constructor)
        {
            super(Opcodes.ASM9, next);
            this.lookup = lookup;
            this.initialized = !constructor;
        }

        @Override
        public void visitTypeInsn(final int opcode, final String type)
        {
            // a NEW before super() is matched by its own <init> call, which is not this object's
            if (opcode == Opcodes.NEW && !initialized)
            {
                pendingNews++;
            }
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitMethodInsn(
            final int opcode, final String owner, final String name, final String descriptor, final boolean isInterface)
        {
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            if (!initialized && opcode == Opcodes.INVOKESPECIAL && "<init>".equals(name))
            {
                if (pendingNews > 0)
                {
                    pendingNews--;
                }
                else
                {
                    initialized = true; // this() or super() returned: 'this' is initialized from here on
                }
            }
        }

        @Override
        public void visitFieldInsn(final int opcode, final String owner, final String name, final String descriptor)
        {
            final SharedTypes.SharedField f =
                opcode == Opcodes.GETFIELD || opcode == Opcodes.PUTFIELD ? lookup.resolve(owner, name) : null;
            if (f == null)
            {
                super.visitFieldInsn(opcode, owner, name, descriptor);
                return;
            }
            if (opcode == Opcodes.GETFIELD)
            {
                // never on an uninitialized 'this' (the verifier forbids it), so always safe to rewrite
                super.visitMethodInsn(Opcodes.INVOKESTATIC, f.declaringInternalName, Names.readAccessor(name),
                    Names.readDescriptor(f.declaringInternalName, descriptor), false);
                return;
            }
            if (f.isFinal)
            {
                if (Names.isReference(descriptor))
                {
                    super.visitInsn(Opcodes.DUP);
                    Names.CHECK_VALUE.invoke(mv);
                    extraStack = 1;
                }
            }
            else if (initialized)
            {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, f.declaringInternalName, Names.writeAccessor(name),
                    Names.writeDescriptor(f.declaringInternalName, descriptor), false);
                return;
            }
            super.visitFieldInsn(opcode, owner, name, descriptor);
        }

        @Override
        public void visitMaxs(final int maxStack, final int maxLocals)
        {
            super.visitMaxs(maxStack + extraStack, maxLocals);
        }
    }
}
