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
 * Adds to a shared class
 * <ul>
 * <li>the block state word {@code int $dsm$state} and the slow-path link {@code Object $dsm$meta}
 *     (only in the topmost shared class; subclasses inherit them): 8 bytes per object with
 *     compressed oops;</li>
 * <li>{@code static final long $dsm$off}, the state word's offset, set first thing in
 *     {@code <clinit>};</li>
 * <li>per instance field {@code f}, a read accessor {@code $dsm$r$f} and (unless final) a write
 *     accessor {@code $dsm$w$f}: the state check, the original access, and for writes the entry
 *     and exit of the block's writer count that keeps the store atomic with revocation.</li>
 * </ul>
 */
final class SharedClassVisitor extends ClassVisitor
{
    private static final int SYNTHETIC_PUBLIC = Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC;

    private final boolean declaresState;
    private final List<String[]> instanceFields = new ArrayList<>();
    private String internalName;
    private int version;
    private boolean hasClinit;

    SharedClassVisitor(final ClassVisitor delegate, final boolean declaresState)
    {
        super(Opcodes.ASM9, delegate);
        this.declaresState = declaresState;
    }

    @Override
    public void visit(final int version, final int access, final String name, final String signature,
        final String superName, final String[] interfaces)
    {
        this.version = version;
        this.internalName = name;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public FieldVisitor visitField(final int access, final String name, final String descriptor,
        final String signature, final Object value)
    {
        if ((access & Opcodes.ACC_STATIC) == 0)
        {
            instanceFields.add(new String[] {name, descriptor, String.valueOf(access)});
        }
        return super.visitField(access, name, descriptor, signature, value);
    }

    @Override
    public MethodVisitor visitMethod(final int access, final String name, final String descriptor,
        final String signature, final String[] exceptions)
    {
        MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
        if (mv == null)
        {
            return null;
        }
        if ("<clinit>".equals(name))
        {
            hasClinit = true;
            mv = new ClinitPrologue(mv, internalName);
        }
        return mv;
    }

    @Override
    public void visitEnd()
    {
        if (declaresState)
        {
            super.visitField(SYNTHETIC_PUBLIC | Opcodes.ACC_TRANSIENT, Names.STATE_FIELD, Names.STATE_DESCRIPTOR, null, null).visitEnd();
            super.visitField(SYNTHETIC_PUBLIC | Opcodes.ACC_TRANSIENT, Names.META_FIELD, Names.META_DESCRIPTOR, null, null).visitEnd();
        }
        super.visitField(SYNTHETIC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, Names.OFFSET_FIELD, Names.OFFSET_DESCRIPTOR, null, null).visitEnd();
        if (!hasClinit)
        {
            final MethodVisitor mv = new ClinitPrologue(
                super.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null), internalName);
            mv.visitCode();
            mv.visitInsn(Opcodes.RETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }
        for (final String[] f : instanceFields)
        {
            final int access = Integer.parseInt(f[2]);
            final boolean isVolatile = (access & Opcodes.ACC_VOLATILE) != 0;
            emitReadAccessor(f[0], f[1], isVolatile);
            if ((access & Opcodes.ACC_FINAL) == 0)
            {
                emitWriteAccessor(f[0], f[1]);
            }
        }
        super.visitEnd();
    }

    /** {@code if ((state & NOT_READABLE) != 0) Access.readFault(o); return o.f;} */
    private void emitReadAccessor(final String field, final String descriptor, final boolean isVolatile)
    {
        final MethodVisitor mv = super.visitMethod(SYNTHETIC_PUBLIC | Opcodes.ACC_STATIC,
            Names.readAccessor(field), Names.readDescriptor(internalName, descriptor), null, null);
        mv.visitCode();
        loadState(mv, isVolatile);
        mv.visitInsn(Opcodes.ICONST_2);
        mv.visitInsn(Opcodes.IAND);
        final Label valid = new Label();
        mv.visitJumpInsn(Opcodes.IFEQ, valid);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        Names.READ_FAULT.invoke(mv);
        mv.visitLabel(valid);
        frameSame(mv);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, internalName, field, descriptor);
        mv.visitInsn(Type.getType(descriptor).getOpcode(Opcodes.IRETURN));
        mv.visitMaxs(4, 1);
        mv.visitEnd();
    }

    /**
     * <pre>
     * [reference fields: Access.checkStore(o, v);]
     * if (!BlockState.tryEnterWrite(o, $dsm$off, o.$dsm$state)
     *     && Access.writeSlow(o, $dsm$off, C.class, "f", box(v))) return;   // the protocol wrote it
     * o.f = v;
     * BlockState.exitWrite(o, $dsm$off);
     * </pre>
     */
    private void emitWriteAccessor(final String field, final String descriptor)
    {
        final Type type = Type.getType(descriptor);
        final MethodVisitor mv = super.visitMethod(SYNTHETIC_PUBLIC | Opcodes.ACC_STATIC,
            Names.writeAccessor(field), Names.writeDescriptor(internalName, descriptor), null, null);
        mv.visitCode();
        if (Names.isReference(descriptor))
        {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            Names.CHECK_STORE.invoke(mv);
        }
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETSTATIC, internalName, Names.OFFSET_FIELD, Names.OFFSET_DESCRIPTOR);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, internalName, Names.STATE_FIELD, Names.STATE_DESCRIPTOR);
        Names.TRY_ENTER_WRITE.invoke(mv);
        final Label entered = new Label();
        mv.visitJumpInsn(Opcodes.IFNE, entered);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETSTATIC, internalName, Names.OFFSET_FIELD, Names.OFFSET_DESCRIPTOR);
        mv.visitLdcInsn(Type.getObjectType(internalName));
        mv.visitLdcInsn(field);
        mv.visitVarInsn(type.getOpcode(Opcodes.ILOAD), 1);
        box(mv, type);
        Names.WRITE_SLOW.invoke(mv);
        mv.visitJumpInsn(Opcodes.IFEQ, entered);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitLabel(entered);
        frameSame(mv);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(type.getOpcode(Opcodes.ILOAD), 1);
        mv.visitFieldInsn(Opcodes.PUTFIELD, internalName, field, descriptor);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETSTATIC, internalName, Names.OFFSET_FIELD, Names.OFFSET_DESCRIPTOR);
        Names.EXIT_WRITE.invoke(mv);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(8, 1 + type.getSize());
        mv.visitEnd();
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

    private void loadState(final MethodVisitor mv, final boolean isVolatile)
    {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        if (isVolatile)
        {
            // a volatile field gets an acquire read of the state, so the field read cannot pass it
            mv.visitFieldInsn(Opcodes.GETSTATIC, internalName, Names.OFFSET_FIELD, Names.OFFSET_DESCRIPTOR);
            Names.STATE_ACQUIRE.invoke(mv);
        }
        else
        {
            // a plain field gets a plain read: the JIT may hoist it exactly as it may hoist the field
            mv.visitFieldInsn(Opcodes.GETFIELD, internalName, Names.STATE_FIELD, Names.STATE_DESCRIPTOR);
        }
    }

    private void frameSame(final MethodVisitor mv)
    {
        if ((version & 0xFFFF) >= Opcodes.V1_6)
        {
            mv.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        }
    }

    /** Sets {@code $dsm$off} before anything else in the static initialiser can use an accessor. */
    private static final class ClinitPrologue extends MethodVisitor
    {
        private final String owner;

        ClinitPrologue(final MethodVisitor delegate, final String owner)
        {
            super(Opcodes.ASM9, delegate);
            this.owner = owner;
        }

        @Override
        public void visitCode()
        {
            super.visitCode();
            super.visitLdcInsn(Type.getObjectType(owner));
            Names.STATE_OFFSET.invoke(mv);
            super.visitFieldInsn(Opcodes.PUTSTATIC, owner, Names.OFFSET_FIELD, Names.OFFSET_DESCRIPTOR);
        }

        @Override
        public void visitMaxs(final int maxStack, final int maxLocals)
        {
            super.visitMaxs(Math.max(maxStack, 2), maxLocals);
        }
    }
}
