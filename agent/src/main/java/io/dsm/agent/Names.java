package io.dsm.agent;

/** Names and descriptors of what the agent adds to shared classes and what rewritten code calls. */
final class Names
{
    static final String ACCESS = "io/dsm/runtime/Access";
    static final String BLOCK_STATE = "io/dsm/runtime/BlockState";
    static final String STATE_FIELD = "$dsm$state";
    static final String META_FIELD = "$dsm$meta";
    static final String OFFSET_FIELD = "$dsm$off";
    static final String READ_PREFIX = "$dsm$r$";
    static final String WRITE_PREFIX = "$dsm$w$";

    private Names()
    {
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

    static boolean isReference(final String descriptor)
    {
        return descriptor.charAt(0) == 'L' || descriptor.charAt(0) == '[';
    }
}
