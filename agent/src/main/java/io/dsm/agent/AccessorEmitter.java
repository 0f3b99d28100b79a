package io.dsm.agent;

import java.util.ArrayList;
import java.util.List;

import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Adds to a shared class, for each instance field {@code f} it declares, a read accessor
 * {@code static T $dsm$r$f(C o)} and, unless {@code f} is final, a write accessor
 * {@code static void $dsm$w$f(C o, T v)}: the check of the block state, the original access, and
 * for writes the announcement (or CAS) that keeps the store atomic with revocation, plus an
 * overload {@code $dsm$w$f(C o, T v, WriterSlot s)} for callers that hold the thread's slot. {@link FieldAccessRewriter} sends field instructions here; the accessors read the
 * fields {@link StateFieldAdder} adds, and their own field instructions must stay plain.
 */
final class AccessorEmitter extends ClassVisitor
{
    private static final int SYNTHETIC_PUBLIC_STATIC = Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC | Opcodes.ACC_STATIC;

    private final List<InstanceField> instanceFields = new ArrayList<>();
    private final BlockPlan plan;
    private final boolean profiling;
    private String internalName;
    private int version;
    private boolean isInterface;

    private record InstanceField(String name, String descriptor, int access)
    {
    }

    AccessorEmitter(final ClassVisitor next)
    {
        this(next, BlockPlan.WHOLE_OBJECT, false);
    }

    /** {@code profiling}: each accessor first reports the access ({@code Access.touch}), for dsm.profile=true runs only. */
    AccessorEmitter(final ClassVisitor next, final BlockPlan plan, final boolean profiling)
    {
        super(Opcodes.ASM9, next);
        this.plan = plan;
        this.profiling = profiling;
    }

    @Override
    public void visit(final int version, final int access, final String name, final String signature,
        final String superName, final String[] interfaces)
    {
        this.version = version;
        this.internalName = name;
        this.isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public FieldVisitor visitField(final int access, final String name, final String descriptor,
        final String signature, final Object value)
    {
        // the agent's own state fields pass by here too: they get no accessors
        if ((access & Opcodes.ACC_STATIC) == 0 && !Names.isAgentMember(name))
        {
            instanceFields.add(new InstanceField(name, descriptor, access));
        }
        return super.visitField(access, name, descriptor, signature, value);
    }

    @Override
    public void visitEnd()
    {
        for (final InstanceField f : instanceFields)
        {
            emitReadAccessor(f.name(), f.descriptor(), (f.access() & Opcodes.ACC_VOLATILE) != 0);
            if ((f.access() & Opcodes.ACC_FINAL) == 0)
            {
                emitWriteAccessor(f.name(), f.descriptor());
                emitSlotWriteAccessor(f.name(), f.descriptor());
            }
        }
        super.visitEnd();
    }

    /**
     * {@code if ((state & NOT_READABLE) != 0) Access.readFault(o); return o.f;} where the state is
     * the word of the field's block; a field outside block 0 faults with its block's index.
     */
    private void emitReadAccessor(final String field, final String descriptor, final boolean isVolatile)
    {
        final int block = plan.blockOf(field);
        final MethodVisitor mv = super.visitMethod(SYNTHETIC_PUBLIC_STATIC,
            Names.readAccessor(field), Names.readDescriptor(internalName, descriptor), null, null);
        mv.visitCode();
        touch(mv, field, false);
        loadState(mv, isVolatile, block);
        mv.visitInsn(Opcodes.ICONST_2); // BlockState.NOT_READABLE
        mv.visitInsn(Opcodes.IAND);
        final Label valid = new Label();
        mv.visitJumpInsn(Opcodes.IFEQ, valid);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        if (block == 0)
        {
            Names.READ_FAULT.invoke(mv);
        }
        else
        {
            mv.visitIntInsn(Opcodes.BIPUSH, block);
            Names.READ_FAULT_IN_BLOCK.invoke(mv);
        }
        mv.visitLabel(valid);
        frameSame(mv);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, internalName, field, descriptor);
        mv.visitInsn(Type.getType(descriptor).getOpcode(Opcodes.IRETURN));
        mv.visitMaxs(4, 1);
        mv.visitEnd();
    }

    /**
     * {@code $dsm$w$f(o, v)}: {@code $dsm$w$f(o, v, WriterSlots.mine())}, for callers that do not
     * hold the thread's slot (a thread-local lookup per write).
     */
    private void emitWriteAccessor(final String field, final String descriptor)
    {
        final Type type = Type.getType(descriptor);
        final MethodVisitor mv = super.visitMethod(SYNTHETIC_PUBLIC_STATIC,
            Names.writeAccessor(field), Names.writeDescriptor(internalName, descriptor), null, null);
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(type.getOpcode(Opcodes.ILOAD), 1);
        Names.MY_WRITER_SLOT.invoke(mv);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, internalName, Names.writeAccessor(field),
            Names.writeSlotDescriptor(internalName, descriptor), isInterface);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(2 + type.getSize(), 1 + type.getSize());
        mv.visitEnd();
    }

    /**
     * The write accessor proper, {@code $dsm$w$f(o, v, slot)}:
     * <pre>
     * [reference fields: Access.checkStore(o, v);]
     * if (BlockState.enterAnnounced(slot, $dsm$vh, o)) {            // state WRITE: announced write
     *     try { o.f = v; BlockState.exitAnnounced(slot); }
     *     catch (Throwable t) { BlockState.abandonAnnounced(slot); throw t; }
     *     return;
     * }
     * if (BlockState.tryEnterCas($dsm$vh, o)                         // state WRITE_CAS
     *     || !Access.writeSlow(o, k, C.class, "f", box(v))) {         // fault; false: entered with a CAS
     *     o.f = v;
     *     BlockState.exitWrite($dsm$vh, o);
     * }
     * </pre>
     */
    private void emitSlotWriteAccessor(final String field, final String descriptor)
    {
        final int block = plan.blockOf(field);
        final String wordOwner = block == 0 ? internalName : plan.wordOwner(block);
        final String handle = Names.handleField(block);
        final Type type = Type.getType(descriptor);
        final int slot = 1 + type.getSize();
        final MethodVisitor mv = super.visitMethod(SYNTHETIC_PUBLIC_STATIC,
            Names.writeAccessor(field), Names.writeSlotDescriptor(internalName, descriptor), null, null);
        mv.visitCode();
        final Label storeStart = new Label();
        final Label storeEnd = new Label();
        final Label abandon = new Label();
        final Label notAnnounced = new Label();
        final Label entered = new Label();
        mv.visitTryCatchBlock(storeStart, storeEnd, abandon, "java/lang/Throwable");
        touch(mv, field, true);
        if (Names.isReference(descriptor))
        {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            Names.CHECK_STORE.invoke(mv);
        }
        mv.visitVarInsn(Opcodes.ALOAD, slot);
        mv.visitFieldInsn(Opcodes.GETSTATIC, wordOwner, handle, Names.HANDLE_DESCRIPTOR);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        Names.ENTER_ANNOUNCED.invoke(mv);
        mv.visitJumpInsn(Opcodes.IFEQ, notAnnounced);
        mv.visitLabel(storeStart);
        store(mv, field, descriptor, type);
        mv.visitVarInsn(Opcodes.ALOAD, slot);
        Names.EXIT_ANNOUNCED.invoke(mv);
        mv.visitLabel(storeEnd);
        mv.visitInsn(Opcodes.RETURN);

        mv.visitLabel(abandon);
        frameSameThrowable(mv);
        mv.visitVarInsn(Opcodes.ALOAD, slot);
        Names.ABANDON_ANNOUNCED.invoke(mv);
        mv.visitInsn(Opcodes.ATHROW);

        mv.visitLabel(notAnnounced);
        frameSame(mv);
        mv.visitFieldInsn(Opcodes.GETSTATIC, wordOwner, handle, Names.HANDLE_DESCRIPTOR);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        Names.TRY_ENTER_CAS.invoke(mv);
        mv.visitJumpInsn(Opcodes.IFNE, entered);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitIntInsn(Opcodes.BIPUSH, block);
        mv.visitLdcInsn(Type.getObjectType(internalName));
        mv.visitLdcInsn(field);
        mv.visitVarInsn(type.getOpcode(Opcodes.ILOAD), 1);
        box(mv, type);
        Names.WRITE_SLOW.invoke(mv);
        mv.visitJumpInsn(Opcodes.IFEQ, entered);
        mv.visitInsn(Opcodes.RETURN);

        mv.visitLabel(entered);
        frameSame(mv);
        store(mv, field, descriptor, type);
        mv.visitFieldInsn(Opcodes.GETSTATIC, wordOwner, handle, Names.HANDLE_DESCRIPTOR);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        Names.EXIT_WRITE.invoke(mv);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(8, slot + 1);
        mv.visitEnd();
    }

    /** {@code o.f = v}: the original store, plain. */
    private void store(final MethodVisitor mv, final String field, final String descriptor, final Type type)
    {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(type.getOpcode(Opcodes.ILOAD), 1);
        mv.visitFieldInsn(Opcodes.PUTFIELD, internalName, field, descriptor);
    }

    /** In a profiling run: {@code Access.touch(o, C.class, "f", write)}. */
    private void touch(final MethodVisitor mv, final String field, final boolean write)
    {
        if (!profiling)
        {
            return;
        }
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitLdcInsn(Type.getObjectType(internalName));
        mv.visitLdcInsn(field);
        mv.visitInsn(write ? Opcodes.ICONST_1 : Opcodes.ICONST_0);
        Names.TOUCH.invoke(mv);
    }

    /** Boxes the primitive on top of the stack (the slow path hands values to the runtime as objects). */
    private static void box(final MethodVisitor mv, final Type type)
    {
        final String box;
        switch (type.getSort())
        {
            case Type.BOOLEAN: box = "java/lang/Boolean"; break;
            case Type.BYTE: box = "java/lang/Byte"; break;
            case Type.CHAR: box = "java/lang/Character"; break;
            case Type.SHORT: box = "java/lang/Short"; break;
            case Type.INT: box = "java/lang/Integer"; break;
            case Type.FLOAT: box = "java/lang/Float"; break;
            case Type.LONG: box = "java/lang/Long"; break;
            case Type.DOUBLE: box = "java/lang/Double"; break;
            default: return;
        }
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, box, "valueOf", "(" + type.getDescriptor() + ")L" + box + ";", false);
    }

    private void loadState(final MethodVisitor mv, final boolean isVolatile, final int block)
    {
        if (isVolatile)
        {
            // a volatile field gets a volatile read of the state, so the field read cannot pass it
            mv.visitFieldInsn(Opcodes.GETSTATIC, block == 0 ? internalName : plan.wordOwner(block),
                Names.handleField(block), Names.HANDLE_DESCRIPTOR);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            Names.STATE_VOLATILE.invoke(mv);
        }
        else
        {
            // a plain field gets a plain read: the JIT may hoist it exactly as it may hoist the field
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitFieldInsn(Opcodes.GETFIELD, stateHolder(block), Names.stateField(block), Names.STATE_DESCRIPTOR);
        }
    }

    /**
     * The class named in a GETFIELD of block {@code k}'s word: this class for block 0 (as before
     * blocks, resolved up the chain), the declaring class for an extra block.
     */
    private String stateHolder(final int k)
    {
        return k == 0 ? internalName : plan.wordOwner(k);
    }

    /** An exception handler in an accessor: the entry's locals, the exception on the stack. */
    private void frameSameThrowable(final MethodVisitor mv)
    {
        if ((version & 0xFFFF) >= Opcodes.V1_6)
        {
            mv.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {"java/lang/Throwable"});
        }
    }

    /** A branch target in an accessor has the frame of its entry; class files before Java 6 carry no frames. */
    private void frameSame(final MethodVisitor mv)
    {
        if ((version & 0xFFFF) >= Opcodes.V1_6)
        {
            mv.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        }
    }
}
