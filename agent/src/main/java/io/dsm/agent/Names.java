package io.dsm.agent;

import io.dsm.runtime.block.SyntheticNames;

/** Names and descriptors of what the agent adds to shared classes and what rewritten code calls. */
final class Names
{
    static final String ACCESS = SyntheticNames.ACCESS_CLASS;
    static final String BLOCK_STATE = SyntheticNames.BLOCK_STATE_CLASS;
    static final String MONITORS = SyntheticNames.MONITORS_CLASS;
    static final String STATE_FIELD = SyntheticNames.STATE_FIELD;
    static final String META_FIELD = SyntheticNames.META_FIELD;
    static final String OFFSET_FIELD = SyntheticNames.OFFSET_FIELD;
    static final String READ_PREFIX = SyntheticNames.READ_PREFIX;
    static final String WRITE_PREFIX = SyntheticNames.WRITE_PREFIX;

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
