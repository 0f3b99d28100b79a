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

    public static void main(final String[] args)
    {
        System.out.println("blocks: " + ClassLayout.of(LaidOut.class).describeBlocks());
        final StringBuilder offsets = new StringBuilder("offsets:");
        for (final ClassLayout.Slot s : ClassLayout.of(LaidOut.class).slots())
        {
            offsets.append(' ').append(s.name).append('=').append(s.offset);
        }
        System.out.println(offsets);
        final LaidOut o = args.length > 0 ? Dsm.root("laid-out", LaidOut::new) : new LaidOut();
        o.left = 1;
        o.right = 2;
        System.out.println("sum: " + (o.left + o.right + o.other));
    }
}
