package io.dsm.agent;

import java.util.List;
import java.util.Map;

import io.dsm.samples.Ledger;
import io.dsm.samples.LedgerUser;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.ClassNode;

import static io.dsm.agent.Rewriting.internal;
import static io.dsm.agent.Rewriting.invokes;
import static io.dsm.agent.Rewriting.listing;
import static io.dsm.agent.Rewriting.node;
import static io.dsm.agent.Rewriting.rewrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link WriterSlotHoister}: a method that writes shared fields in a loop looks the thread's
 * write slot up once and passes it to every write accessor; other methods are left alone. The
 * rewritten classes pass ASM's verifier (the new local is in every stack map frame) and run.
 */
class WriterSlotHoisterTest
{
    private static final String LEDGER = internal(Ledger.class);
    private static final String SLOT = Names.WRITER_SLOT_DESCRIPTOR;

    private final byte[] user = rewrite(LedgerUser.class, w -> new FieldAccessRewriter(new WriterSlotHoister(w), Rewriting.lookup()));
    private final byte[] ledger = rewrite(Ledger.class, w -> new StateFieldAdder(new AccessorEmitter(w), true));

    @Test
    void aLoopThatWritesHoldsTheSlotInALocal()
    {
        final ClassNode node = node(user);
        final List<String> countTo = listing(node, "countTo", null);
        assertEquals(List.of(invokes(Names.MY_WRITER_SLOT), "ASTORE"), countTo.subList(0, 2), countTo.toString());
        assertTrue(countTo.contains("INVOKESTATIC " + LEDGER + ".$dsm$w$count (L" + LEDGER + ";I" + SLOT + ")V"), countTo.toString());
        assertFalse(countTo.contains("INVOKESTATIC " + LEDGER + ".$dsm$w$count (L" + LEDGER + ";I)V"), countTo.toString());
        final List<String> sumInto = listing(node, "sumInto", null);
        assertTrue(sumInto.contains("INVOKESTATIC " + LEDGER + ".$dsm$w$version (L" + LEDGER + ";J" + SLOT + ")V"), sumInto.toString());
    }

    @Test
    void aSingleWriteIsLeftToTheAccessorsOwnLookup()
    {
        final List<String> writeCount = listing(node(user), "writeCount", null);
        assertEquals(List.of("ALOAD", "ILOAD", "INVOKESTATIC " + LEDGER + ".$dsm$w$count (L" + LEDGER + ";I)V", "RETURN"), writeCount);
    }

    @Test
    void hoistedMethodsVerifyAndRun() throws Exception
    {
        final Rewriting.SampleLoader loader = Rewriting.load(Map.of(Ledger.class.getName(), ledger, LedgerUser.class.getName(), user));
        final Class<?> l = loader.initialise(Ledger.class.getName());
        final Class<?> u = loader.initialise(LedgerUser.class.getName());
        final Object o = l.getConstructor().newInstance();
        u.getMethod("countTo", l, int.class).invoke(null, o, 1000);
        assertEquals(1000, l.getField("count").getInt(o));
        final double mean = (double)u.getMethod("sumInto", l, long[].class).invoke(null, o, new long[] {1, 2, 3, 4});
        assertEquals(10L, l.getField("version").getLong(o));
        assertEquals(2.5, mean);
    }
}
