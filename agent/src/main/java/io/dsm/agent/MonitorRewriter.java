package io.dsm.agent;

import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Makes monitors cluster-wide: the cluster lock is taken before the JVM's monitor and released
 * before it, on every path.
 * <ul>
 * <li>in every method: {@code MONITORENTER} becomes {@code DUP; INVOKESTATIC Monitors.enter;
 *     MONITORENTER}, {@code MONITOREXIT} becomes {@code DUP; INVOKESTATIC Monitors.exit;
 *     MONITOREXIT} (same stack effect, no new label, so the method's frames stay valid), and calls
 *     of {@code Object.wait/notify/notifyAll} become the static methods of {@code Monitors};</li>
 * <li>in a shared class, a {@code synchronized} method loses the flag (the JVM would take its
 *     monitor before any bytecode ran, so the two locks would be taken in the other order) and gets
 *     the same as a block: enter on entry, exit before every return, and a catch-all handler,
 *     appended last (lowest priority), that exits and rethrows.</li>
 * </ul>
 * Runtime checks keep objects that are not shared exactly as the JVM treats them.
 */
final class MonitorRewriter extends ClassVisitor
{
    private final boolean shared;
    private String internalName;
    private boolean frames;

    MonitorRewriter(final ClassVisitor delegate, final boolean shared)
    {
        super(Opcodes.ASM9, delegate);
        this.shared = shared;
    }

    @Override
    public void visit(final int version, final int access, final String name, final String signature,
        final String superName, final String[] interfaces)
    {
        internalName = name;
        frames = (version & 0xFFFF) >= Opcodes.V1_6;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(final int access, final String name, final String descriptor,
        final String signature, final String[] exceptions)
    {
        final boolean clusterSynchronized = shared && (access & Opcodes.ACC_SYNCHRONIZED) != 0 &&
            (access & (Opcodes.ACC_NATIVE | Opcodes.ACC_ABSTRACT)) == 0;
        final int rewrittenAccess = clusterSynchronized ? access & ~Opcodes.ACC_SYNCHRONIZED : access;
        MethodVisitor mv = super.visitMethod(rewrittenAccess, name, descriptor, signature, exceptions);
        if (mv == null)
        {
            return null;
        }
        if (clusterSynchronized)
        {
            mv = new SynchronizedBody(mv, (access & Opcodes.ACC_STATIC) != 0);
        }
        return new MonitorCalls(mv);
    }

    /** {@code MONITORENTER}/{@code MONITOREXIT} and {@code wait}/{@code notify} call sites. */
    static final class MonitorCalls extends MethodVisitor
    {
        private boolean rewritten;

        MonitorCalls(final MethodVisitor delegate)
        {
            super(Opcodes.ASM9, delegate);
        }

        @Override
        public void visitInsn(final int opcode)
        {
            if (opcode == Opcodes.MONITORENTER || opcode == Opcodes.MONITOREXIT)
            {
                super.visitInsn(Opcodes.DUP);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, Names.MONITORS,
                    opcode == Opcodes.MONITORENTER ? "enter" : "exit", "(Ljava/lang/Object;)V", false);
                rewritten = true;
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMethodInsn(final int opcode, final String owner, final String name, final String descriptor,
            final boolean isInterface)
        {
            // final methods of Object: no other method can have these names and descriptors, whatever the owner
            if (opcode != Opcodes.INVOKESTATIC && isWaitOrNotify(name, descriptor))
            {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, Names.MONITORS, name,
                    "(Ljava/lang/Object;" + descriptor.substring(1), false);
                return;
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }

        @Override
        public void visitMaxs(final int maxStack, final int maxLocals)
        {
            super.visitMaxs(maxStack + (rewritten ? 1 : 0), maxLocals);
        }

        static boolean isWaitOrNotify(final String name, final String descriptor)
        {
            switch (name)
            {
                case "wait": return "()V".equals(descriptor) || "(J)V".equals(descriptor) || "(JI)V".equals(descriptor);
                case "notify":
                case "notifyAll": return "()V".equals(descriptor);
                default: return false;
            }
        }
    }

    /** A {@code synchronized} method of a shared class, as a block over its whole body. */
    private final class SynchronizedBody extends MethodVisitor
    {
        private final boolean isStatic;
        private final Label start = new Label();
        private final Label end = new Label();
        private final Label handler = new Label();

        SynchronizedBody(final MethodVisitor delegate, final boolean isStatic)
        {
            super(Opcodes.ASM9, delegate);
            this.isStatic = isStatic;
        }

        @Override
        public void visitCode()
        {
            super.visitCode();
            pushLock();
            super.visitInsn(Opcodes.DUP);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, Names.MONITORS, "enter", "(Ljava/lang/Object;)V", false);
            super.visitInsn(Opcodes.MONITORENTER);
            super.visitLabel(start);
        }

        @Override
        public void visitInsn(final int opcode)
        {
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN)
            {
                exitSequence();
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(final int maxStack, final int maxLocals)
        {
            super.visitLabel(end);
            super.visitLabel(handler);
            if (frames)
            {
                // only the receiver is live across the whole body (javac never reassigns slot 0);
                // F_NEW: the pipeline reads classes with expanded frames, and a method's frames must not mix kinds
                super.visitFrame(Opcodes.F_NEW, isStatic ? 0 : 1, isStatic ? new Object[0] : new Object[] {internalName},
                    1, new Object[] {"java/lang/Throwable"});
            }
            exitSequence();
            super.visitInsn(Opcodes.ATHROW);
            super.visitTryCatchBlock(start, end, handler, null); // appended last: the method's own handlers come first
            super.visitMaxs(maxStack + 2, maxLocals);
        }

        private void exitSequence()
        {
            pushLock();
            super.visitInsn(Opcodes.DUP);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, Names.MONITORS, "exit", "(Ljava/lang/Object;)V", false);
            super.visitInsn(Opcodes.MONITOREXIT);
        }

        private void pushLock()
        {
            if (isStatic)
            {
                super.visitLdcInsn(Type.getObjectType(internalName));
            }
            else
            {
                super.visitVarInsn(Opcodes.ALOAD, 0);
            }
        }
    }
}
