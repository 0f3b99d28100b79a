package io.dsm.it.layout;

import io.dsm.api.Dsm;
import io.dsm.it.model.LaidOut;
import io.dsm.runtime.block.ClassLayout;

/** Run in a child JVM with the agent: prints how the layout file split {@link LaidOut}, then uses it. */
public final class LayoutFileMain
{
    private LayoutFileMain()
    {
    }

    /** The field's offset in the object (test-only use of Unsafe: the runtime itself no longer needs offsets). */
    private static long offsetOf(final ClassLayout.Slot s)
    {
        try
        {
            final java.lang.reflect.Field theUnsafe = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            return ((sun.misc.Unsafe)theUnsafe.get(null)).objectFieldOffset(s.declaring.getDeclaredField(s.name));
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    public static void main(final String[] args)
    {
        System.out.println("blocks: " + ClassLayout.of(LaidOut.class).describeBlocks());
        final StringBuilder offsets = new StringBuilder("offsets:");
        for (final ClassLayout.Slot s : ClassLayout.of(LaidOut.class).slots())
        {
            offsets.append(' ').append(s.name).append('=').append(offsetOf(s));
        }
        System.out.println(offsets);
        final LaidOut o = args.length > 0 ? Dsm.root("laid-out", LaidOut::new) : new LaidOut();
        o.left = 1;
        o.right = 2;
        System.out.println("sum: " + (o.left + o.right + o.other));
    }
}
