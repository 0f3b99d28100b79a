package io.dsm.agent;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.pool.TypePool;

/**
 * Rewrites the field instructions of one method that touch shared fields:
 * <ul>
 * <li>{@code GETFIELD C.f} becomes {@code INVOKESTATIC C.$dsm$r$f(C)T}, a tiny check-then-read
 *     accessor the agent added to the declaring class; the stack shape is unchanged, so the
 *     method's stack map frames stay valid;</li>
 * <li>{@code PUTFIELD C.f} becomes {@code INVOKESTATIC C.$dsm$w$f(C,T)V}, except on final fields
 *     (constructor-only, the object is not yet shared) where only the stored value is checked;</li>
 * <li>{@code PUTSTATIC} of a reference field of a shared class first binds the value as a
 *     cluster-wide root named after the field; the first assignment in the cluster wins.</li>
 * </ul>
 * In a constructor, stores before the {@code super()/this()} call are left alone: the
 * object is uninitialized there and may not be passed to a method.
 */
final class FieldAccessRewriter extends MethodVisitor
{
    private final SharedTypes types;
    private final SharedTypes.LoaderCache cache;
    private final TypePool pool;
    private final boolean constructor;
    private boolean initialized;
    private int pendingNews;
    private int extraStack;

    FieldAccessRewriter(
        final MethodVisitor delegate, final SharedTypes types, final SharedTypes.LoaderCache cache,
        final TypePool pool, final String methodName)
    {
        super(Opcodes.ASM9, delegate);
        this.types = types;
        this.cache = cache;
        this.pool = pool;
        this.constructor = "<init>".equals(methodName);
        this.initialized = !constructor;
    }

    @Override
    public void visitTypeInsn(final int opcode, final String type)
    {
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
        final SharedTypes.SharedField f = types.resolve(pool, cache, owner, name);
        if (f == null)
        {
            super.visitFieldInsn(opcode, owner, name, descriptor);
            return;
        }
        switch (opcode)
        {
            case Opcodes.GETFIELD:
                // never on an uninitialized 'this' (the verifier forbids it), so always safe to rewrite
                super.visitMethodInsn(Opcodes.INVOKESTATIC, f.declaringInternalName, Names.readAccessor(name),
                    Names.readDescriptor(f.declaringInternalName, descriptor), false);
                return;
            case Opcodes.PUTFIELD:
                if (f.isFinal)
                {
                    if (Names.isReference(descriptor))
                    {
                        super.visitInsn(Opcodes.DUP);
                        Names.CHECK_VALUE.invoke(mv);
                        extraStack = Math.max(extraStack, 1);
                    }
                    break;
                }
                if (!initialized)
                {
                    break;
                }
                super.visitMethodInsn(Opcodes.INVOKESTATIC, f.declaringInternalName, Names.writeAccessor(name),
                    Names.writeDescriptor(f.declaringInternalName, descriptor), false);
                return;
            case Opcodes.PUTSTATIC:
                if (Names.isReference(descriptor))
                {
                    super.visitLdcInsn(f.declaringInternalName.replace('/', '.') + "." + name);
                    Names.BIND_STATIC_ROOT.invoke(mv);
                    super.visitTypeInsn(Opcodes.CHECKCAST, Type.getType(descriptor).getInternalName());
                    extraStack = Math.max(extraStack, 1);
                }
                break;
            default:
                break;
        }
        super.visitFieldInsn(opcode, owner, name, descriptor);
    }

    @Override
    public void visitMaxs(final int maxStack, final int maxLocals)
    {
        super.visitMaxs(maxStack + extraStack, maxLocals);
    }
}
