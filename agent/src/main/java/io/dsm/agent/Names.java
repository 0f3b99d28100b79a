package io.dsm.agent;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import io.dsm.runtime.block.SyntheticNames;

/**
 * Every name the agent writes into class files: the runtime classes and methods that rewritten
 * code calls, and the members the agent adds to shared classes. The runtime's class names are
 * written here and nowhere else; the names of the agent's members come from the runtime's
 * {@link SyntheticNames}, so the agent and the runtime cannot disagree on them.
 */
final class Names
{
    static final String ACCESS = SyntheticNames.ACCESS_CLASS;
    static final String BLOCK_STATE = SyntheticNames.BLOCK_STATE_CLASS;
    static final String MONITORS = SyntheticNames.MONITORS_CLASS;

    /** Every member the agent adds starts with this; no rewrite treats such a member as the application's. */
    static final String AGENT_PREFIX = "$dsm$";
    static final String STATE_FIELD = SyntheticNames.STATE_FIELD;
    static final String STATE_DESCRIPTOR = "I";
    static final String META_FIELD = SyntheticNames.META_FIELD;
    static final String META_DESCRIPTOR = "Ljava/lang/Object;";
    static final String HANDLE_FIELD = SyntheticNames.HANDLE_FIELD;
    static final String HANDLE_DESCRIPTOR = "Ljava/lang/invoke/VarHandle;";
    static final String WRITER_SLOT = SyntheticNames.WRITER_SLOT_CLASS;
    static final String WRITER_SLOT_DESCRIPTOR = "L" + WRITER_SLOT + ";";
    static final String READ_PREFIX = SyntheticNames.READ_PREFIX;
    static final String WRITE_PREFIX = SyntheticNames.WRITE_PREFIX;

    static final RuntimeCall READ_FAULT = new RuntimeCall(ACCESS, "readFault", "(Ljava/lang/Object;)V");
    static final RuntimeCall WRITE_SLOW = new RuntimeCall(ACCESS, "writeSlow",
        "(Ljava/lang/Object;ILjava/lang/Class;Ljava/lang/String;Ljava/lang/Object;)Z");
    static final RuntimeCall CHECK_STORE = new RuntimeCall(ACCESS, "checkStore", "(Ljava/lang/Object;Ljava/lang/Object;)V");
    static final RuntimeCall CHECK_VALUE = new RuntimeCall(ACCESS, "checkValue", "(Ljava/lang/Object;)V");
    static final RuntimeCall BIND_STATIC_ROOT = new RuntimeCall(ACCESS, "bindStaticRoot",
        "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/Object;");
    static final RuntimeCall STATE_VOLATILE = new RuntimeCall(BLOCK_STATE, "stateVolatile",
        "(" + HANDLE_DESCRIPTOR + "Ljava/lang/Object;)I");
    static final RuntimeCall ENTER_ANNOUNCED = new RuntimeCall(BLOCK_STATE, "enterAnnounced",
        "(" + WRITER_SLOT_DESCRIPTOR + HANDLE_DESCRIPTOR + "Ljava/lang/Object;)Z");
    static final RuntimeCall EXIT_ANNOUNCED = new RuntimeCall(BLOCK_STATE, "exitAnnounced", "(" + WRITER_SLOT_DESCRIPTOR + ")V");
    static final RuntimeCall ABANDON_ANNOUNCED = new RuntimeCall(BLOCK_STATE, "abandonAnnounced", "(" + WRITER_SLOT_DESCRIPTOR + ")V");
    static final RuntimeCall TRY_ENTER_CAS = new RuntimeCall(BLOCK_STATE, "tryEnterCas", "(" + HANDLE_DESCRIPTOR + "Ljava/lang/Object;)Z");
    static final RuntimeCall EXIT_WRITE = new RuntimeCall(BLOCK_STATE, "exitWrite", "(" + HANDLE_DESCRIPTOR + "Ljava/lang/Object;)V");
    static final RuntimeCall STATE_HANDLE = new RuntimeCall(BLOCK_STATE, "stateHandle", "(Ljava/lang/Class;)" + HANDLE_DESCRIPTOR);
    static final RuntimeCall BLOCK_STATE_HANDLE = new RuntimeCall(BLOCK_STATE, "stateHandle",
        "(Ljava/lang/Class;Ljava/lang/String;)" + HANDLE_DESCRIPTOR);
    static final RuntimeCall MY_WRITER_SLOT = new RuntimeCall(SyntheticNames.WRITER_SLOTS_CLASS, "mine", "()" + WRITER_SLOT_DESCRIPTOR);
    static final RuntimeCall TOUCH = new RuntimeCall(ACCESS, "touch",
        "(Ljava/lang/Object;Ljava/lang/Class;Ljava/lang/String;Z)V");
    static final RuntimeCall READ_FAULT_IN_BLOCK = new RuntimeCall(ACCESS, "readFault", "(Ljava/lang/Object;I)V");
    static final String IN_BLOCK_DESCRIPTOR = SyntheticNames.IN_BLOCK_DESCRIPTOR;
    /** HotSpot's field-padding annotation, matched by name in the class bytes. */
    static final String CONTENDED_DESCRIPTOR = "Ljdk/internal/vm/annotation/Contended;";

    /** A static method of the runtime that rewritten code calls. */
    record RuntimeCall(String owner, String name, String descriptor)
    {
        void invoke(final MethodVisitor mv)
        {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, owner, name, descriptor, false);
        }
    }

    private Names()
    {
    }

    /** The state word of block {@code k} (block 0: {@link #STATE_FIELD}). */
    static String stateField(final int k)
    {
        return SyntheticNames.stateField(k);
    }

    /** The static handle of block {@code k}'s state word (block 0: {@link #HANDLE_FIELD}). */
    static String handleField(final int k)
    {
        return SyntheticNames.handleField(k);
    }

    static String readAccessor(final String field)
    {
        return READ_PREFIX + field;
    }

    static String writeAccessor(final String field)
    {
        return WRITE_PREFIX + field;
    }

    static String readDescriptor(final String owner, final String fieldDescriptor)
    {
        return "(L" + owner + ";)" + fieldDescriptor;
    }

    static String writeDescriptor(final String owner, final String fieldDescriptor)
    {
        return "(L" + owner + ";" + fieldDescriptor + ")V";
    }

    /** The write accessor that takes the writing thread's slot, for methods that hold it in a local. */
    static String writeSlotDescriptor(final String owner, final String fieldDescriptor)
    {
        return "(L" + owner + ";" + fieldDescriptor + WRITER_SLOT_DESCRIPTOR + ")V";
    }

    static boolean isReference(final String descriptor)
    {
        return descriptor.charAt(0) == 'L' || descriptor.charAt(0) == '[';
    }

    /** True for the members the agent adds (state, meta, offset, accessors). */
    static boolean isAgentMember(final String name)
    {
        return name.startsWith(AGENT_PREFIX);
    }
}
