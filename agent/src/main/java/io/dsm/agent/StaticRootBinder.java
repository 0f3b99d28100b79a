package io.dsm.agent;

import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Makes the static reference fields of shared classes cluster-wide roots, in every method of the
 * class: before {@code PUTSTATIC C.f} the value goes through
 * {@code (T)Access.bindStaticRoot(value, "C.f")}, which binds it as the root named after the field
 * and returns the value to store: the first assignment in the cluster wins. Static primitives
 * stay per-JVM.
 */
final class StaticRootBinder extends ClassVisitor
{
    private final SharedFieldLookup lookup;

    StaticRootBinder(final ClassVisitor next, final SharedFieldLookup lookup)
    {
        super(Opcodes.ASM9, next);
        this.lookup = lookup;
    }

    @Override
    public MethodVisitor visitMethod(final int access, final String name, final String descriptor,
        final String signature, final String[] exceptions)
    {
        final MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
        return mv == null ? null : new MethodBinder(mv, lookup);
    }

    /** The binding before each static root store of one method. */
    private static final class MethodBinder extends MethodVisitor
    {
        private final SharedFieldLookup lookup;
        private int extraStack;

        MethodBinder(final MethodVisitor next, final SharedFieldLookup lookup)
        {
            super(Opcodes.ASM9, next);
            this.lookup = lookup;
        }

        @Override
        public void visitFieldInsn(final int opcode, final String owner, final String name, final String descriptor)
        {
            if (opcode == Opcodes.PUTSTATIC && Names.isReference(descriptor))
            {
                final SharedTypes.SharedField f = lookup.resolve(owner, name);
                if (f != null)
                {
                    super.visitLdcInsn(f.declaringInternalName.replace('/', '.') + "." + name);
                    Names.BIND_STATIC_ROOT.invoke(mv);
                    super.visitTypeInsn(Opcodes.CHECKCAST, Type.getType(descriptor).getInternalName());
                    extraStack = 1; // the root's name beside the value
                }
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
