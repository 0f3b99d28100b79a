package io.dsm.agent;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.TypePath;

/**
 * In a method that writes shared fields inside a loop, looks the thread's write slot up once: a
 * new local {@code s = WriterSlots.mine()} at the method's start, and every write accessor call
 * {@code $dsm$w$f(o, v)} becomes {@code $dsm$w$f(o, v, s)}. The thread-local lookup per write
 * would cost more than the write itself (it is a field load the JIT may not hoist past the
 * accessor's compiler barriers); held in a register the slot costs nothing.
 *
 * <p>Runs right after {@link FieldAccessRewriter}. A method's code is recorded, scanned for a
 * backward jump around a write accessor call, and replayed, changed or not. The new local is the
 * method's first free one, so no other local moves; every (expanded) stack map frame gains it. A
 * method whose frames are not expanded is replayed unchanged.
 */
final class WriterSlotHoister extends ClassVisitor
{
    WriterSlotHoister(final ClassVisitor next)
    {
        super(Opcodes.ASM9, next);
    }

    @Override
    public MethodVisitor visitMethod(final int access, final String name, final String descriptor,
        final String signature, final String[] exceptions)
    {
        final MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
        return mv == null ? null : new Recorder(mv);
    }

    static boolean isWriteAccessorCall(final int opcode, final String name, final String descriptor)
    {
        return opcode == Opcodes.INVOKESTATIC && name.startsWith(Names.WRITE_PREFIX) &&
            !descriptor.contains(Names.WRITER_SLOT_DESCRIPTOR);
    }

    /** Records the code of one method (everything before visitCode passes straight through) and replays it at its end. */
    private static final class Recorder extends MethodVisitor
    {
        private final MethodVisitor next;
        private final List<Consumer<MethodVisitor>> code = new ArrayList<>();
        private final Map<Label, Integer> labelAt = new IdentityHashMap<>();
        private final List<Integer> writeCalls = new ArrayList<>();
        private final List<int[]> backwardJumps = new ArrayList<>();
        private boolean recording;
        private boolean compressedFrames;
        private int maxStack;
        private int maxLocals;

        Recorder(final MethodVisitor next)
        {
            super(Opcodes.ASM9, next);
            this.next = next;
        }

        @Override
        public void visitCode()
        {
            recording = true;
        }

        @Override
        public void visitFrame(final int type, final int numLocal, final Object[] local, final int numStack, final Object[] stack)
        {
            compressedFrames |= type != Opcodes.F_NEW;
            final Object[] l = local == null ? null : local.clone();
            final Object[] s = stack == null ? null : stack.clone();
            code.add(new FrameCall(type, numLocal, l, numStack, s));
        }

        @Override
        public void visitInsn(final int opcode)
        {
            code.add(mv -> mv.visitInsn(opcode));
        }

        @Override
        public void visitIntInsn(final int opcode, final int operand)
        {
            code.add(mv -> mv.visitIntInsn(opcode, operand));
        }

        @Override
        public void visitVarInsn(final int opcode, final int var)
        {
            code.add(mv -> mv.visitVarInsn(opcode, var));
        }

        @Override
        public void visitTypeInsn(final int opcode, final String type)
        {
            code.add(mv -> mv.visitTypeInsn(opcode, type));
        }

        @Override
        public void visitFieldInsn(final int opcode, final String owner, final String name, final String descriptor)
        {
            code.add(mv -> mv.visitFieldInsn(opcode, owner, name, descriptor));
        }

        @Override
        public void visitMethodInsn(final int opcode, final String owner, final String name, final String descriptor,
            final boolean isInterface)
        {
            if (isWriteAccessorCall(opcode, name, descriptor))
            {
                writeCalls.add(code.size());
                code.add(new WriteCall(owner, name, descriptor, isInterface));
                return;
            }
            code.add(mv -> mv.visitMethodInsn(opcode, owner, name, descriptor, isInterface));
        }

        @Override
        public void visitInvokeDynamicInsn(final String name, final String descriptor, final Handle bsm, final Object... bsmArgs)
        {
            code.add(mv -> mv.visitInvokeDynamicInsn(name, descriptor, bsm, bsmArgs));
        }

        @Override
        public void visitJumpInsn(final int opcode, final Label label)
        {
            final Integer target = labelAt.get(label);
            if (target != null)
            {
                backwardJumps.add(new int[] {target, code.size()});
            }
            code.add(mv -> mv.visitJumpInsn(opcode, label));
        }

        @Override
        public void visitLabel(final Label label)
        {
            labelAt.put(label, code.size());
            code.add(mv -> mv.visitLabel(label));
        }

        @Override
        public void visitLdcInsn(final Object value)
        {
            code.add(mv -> mv.visitLdcInsn(value));
        }

        @Override
        public void visitIincInsn(final int var, final int increment)
        {
            code.add(mv -> mv.visitIincInsn(var, increment));
        }

        @Override
        public void visitTableSwitchInsn(final int min, final int max, final Label dflt, final Label... labels)
        {
            code.add(mv -> mv.visitTableSwitchInsn(min, max, dflt, labels));
        }

        @Override
        public void visitLookupSwitchInsn(final Label dflt, final int[] keys, final Label[] labels)
        {
            code.add(mv -> mv.visitLookupSwitchInsn(dflt, keys, labels));
        }

        @Override
        public void visitMultiANewArrayInsn(final String descriptor, final int numDimensions)
        {
            code.add(mv -> mv.visitMultiANewArrayInsn(descriptor, numDimensions));
        }

        @Override
        public AnnotationVisitor visitInsnAnnotation(final int typeRef, final TypePath typePath, final String descriptor,
            final boolean visible)
        {
            final RecordedAnnotation a = new RecordedAnnotation();
            code.add(mv -> a.replay(mv.visitInsnAnnotation(typeRef, typePath, descriptor, visible)));
            return a;
        }

        @Override
        public void visitTryCatchBlock(final Label start, final Label end, final Label handler, final String type)
        {
            code.add(mv -> mv.visitTryCatchBlock(start, end, handler, type));
        }

        @Override
        public AnnotationVisitor visitTryCatchAnnotation(final int typeRef, final TypePath typePath, final String descriptor,
            final boolean visible)
        {
            final RecordedAnnotation a = new RecordedAnnotation();
            code.add(mv -> a.replay(mv.visitTryCatchAnnotation(typeRef, typePath, descriptor, visible)));
            return a;
        }

        @Override
        public void visitLocalVariable(final String name, final String descriptor, final String signature, final Label start,
            final Label end, final int index)
        {
            code.add(mv -> mv.visitLocalVariable(name, descriptor, signature, start, end, index));
        }

        @Override
        public AnnotationVisitor visitLocalVariableAnnotation(final int typeRef, final TypePath typePath, final Label[] start,
            final Label[] end, final int[] index, final String descriptor, final boolean visible)
        {
            final RecordedAnnotation a = new RecordedAnnotation();
            code.add(mv -> a.replay(mv.visitLocalVariableAnnotation(typeRef, typePath, start, end, index, descriptor, visible)));
            return a;
        }

        @Override
        public void visitLineNumber(final int line, final Label start)
        {
            code.add(mv -> mv.visitLineNumber(line, start));
        }

        @Override
        public void visitMaxs(final int maxStack, final int maxLocals)
        {
            this.maxStack = maxStack;
            this.maxLocals = maxLocals;
        }

        @Override
        public void visitEnd()
        {
            if (recording)
            {
                replay();
            }
            next.visitEnd();
        }

        private void replay()
        {
            final boolean hoist = !compressedFrames && writesInLoop();
            final int slot = maxLocals;
            next.visitCode();
            if (hoist)
            {
                Names.MY_WRITER_SLOT.invoke(next);
                next.visitVarInsn(Opcodes.ASTORE, slot);
            }
            for (final Consumer<MethodVisitor> call : code)
            {
                if (hoist && call instanceof FrameCall)
                {
                    ((FrameCall)call).replayWithSlot(next, slot);
                }
                else if (hoist && call instanceof WriteCall)
                {
                    ((WriteCall)call).replayWithSlot(next, slot);
                }
                else
                {
                    call.accept(next);
                }
            }
            next.visitMaxs(hoist ? Math.max(maxStack + 1, 1) : maxStack, hoist ? maxLocals + 1 : maxLocals);
        }

        /** True when a write accessor call lies between a backward jump and its target: a loop's body. */
        private boolean writesInLoop()
        {
            for (final int[] jump : backwardJumps)
            {
                for (final int call : writeCalls)
                {
                    if (call >= jump[0] && call <= jump[1])
                    {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** An expanded frame; with the slot hoisted, the new local (past every other) holds the slot. */
    private static final class FrameCall implements Consumer<MethodVisitor>
    {
        private final int type;
        private final int numLocal;
        private final Object[] local;
        private final int numStack;
        private final Object[] stack;

        FrameCall(final int type, final int numLocal, final Object[] local, final int numStack, final Object[] stack)
        {
            this.type = type;
            this.numLocal = numLocal;
            this.local = local;
            this.numStack = numStack;
            this.stack = stack;
        }

        @Override
        public void accept(final MethodVisitor mv)
        {
            mv.visitFrame(type, numLocal, local, numStack, stack);
        }

        void replayWithSlot(final MethodVisitor mv, final int slot)
        {
            final List<Object> locals = new ArrayList<>();
            int slots = 0;
            for (int i = 0; i < numLocal; i++)
            {
                locals.add(local[i]);
                slots += local[i] == Opcodes.LONG || local[i] == Opcodes.DOUBLE ? 2 : 1;
            }
            for (; slots < slot; slots++)
            {
                locals.add(Opcodes.TOP);
            }
            locals.add(Names.WRITER_SLOT);
            mv.visitFrame(type, locals.size(), locals.toArray(), numStack, stack);
        }
    }

    /** A write accessor call; with the slot hoisted, it passes the slot to the accessor's overload. */
    private static final class WriteCall implements Consumer<MethodVisitor>
    {
        private final String owner;
        private final String name;
        private final String descriptor;
        private final boolean isInterface;

        WriteCall(final String owner, final String name, final String descriptor, final boolean isInterface)
        {
            this.owner = owner;
            this.name = name;
            this.descriptor = descriptor;
            this.isInterface = isInterface;
        }

        @Override
        public void accept(final MethodVisitor mv)
        {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, owner, name, descriptor, isInterface);
        }

        void replayWithSlot(final MethodVisitor mv, final int slot)
        {
            mv.visitVarInsn(Opcodes.ALOAD, slot);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, owner, name,
                descriptor.replace(")V", Names.WRITER_SLOT_DESCRIPTOR + ")V"), isInterface);
        }
    }

    /** An annotation on an instruction, recorded with the code and replayed with it. */
    private static final class RecordedAnnotation extends AnnotationVisitor
    {
        private final List<Consumer<AnnotationVisitor>> calls = new ArrayList<>();

        RecordedAnnotation()
        {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(final String name, final Object value)
        {
            calls.add(av -> av.visit(name, value));
        }

        @Override
        public void visitEnum(final String name, final String descriptor, final String value)
        {
            calls.add(av -> av.visitEnum(name, descriptor, value));
        }

        @Override
        public AnnotationVisitor visitAnnotation(final String name, final String descriptor)
        {
            final RecordedAnnotation nested = new RecordedAnnotation();
            calls.add(av -> nested.replay(av.visitAnnotation(name, descriptor)));
            return nested;
        }

        @Override
        public AnnotationVisitor visitArray(final String name)
        {
            final RecordedAnnotation nested = new RecordedAnnotation();
            calls.add(av -> nested.replay(av.visitArray(name)));
            return nested;
        }

        @Override
        public void visitEnd()
        {
            calls.add(AnnotationVisitor::visitEnd);
        }

        void replay(final AnnotationVisitor av)
        {
            if (av != null)
            {
                calls.forEach(c -> c.accept(av));
            }
        }
    }
}
