package io.dsm.agent;

import java.util.List;
import java.util.Map;
import java.util.Set;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import io.dsm.samples.Ledger;
import io.dsm.samples.LedgerUser;
import io.dsm.samples.Registry;
import io.dsm.samples.SubLedger;
import io.dsm.samples.Tally;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.ClassNode;

import static io.dsm.agent.Rewriting.internal;
import static io.dsm.agent.Rewriting.invokes;
import static io.dsm.agent.Rewriting.listing;
import static io.dsm.agent.Rewriting.node;
import static io.dsm.agent.Rewriting.rewrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RewritePipeline}: which visitors a class gets, and that their order keeps the added code plain. */
class RewritePipelineTest
{
    private static final String LEDGER = internal(Ledger.class);

    private final SharedTypes types = new SharedTypes(Set.of());
    private final ClassLoader testLoader = RewritePipelineTest.class.getClassLoader();
    private final TypePool pool = TypePool.Default.of(ClassFileLocator.ForClassLoader.of(testLoader));

    private byte[] pipeline(final Class<?> sample)
    {
        final TypeDescription type = pool.describe(sample.getName()).resolve();
        return rewrite(sample, w -> new RewritePipeline(types, types.cacheFor(testLoader)).wrap(type, w, null, pool, null, null, 0, 0));
    }

    @Test
    void accessorsKeepTheirOwnFieldInstructionsPlain()
    {
        final ClassNode ledger = node(pipeline(Ledger.class));
        assertEquals(List.of("ALOAD", "GETFIELD " + LEDGER + "." + Names.STATE_FIELD + " I", "ICONST_2", "IAND", "IFEQ",
            "ALOAD", invokes(Names.READ_FAULT), "ALOAD", "GETFIELD " + LEDGER + ".count I", "IRETURN"),
            listing(ledger, "$dsm$r$count", null), "the read accessor reads the field itself, it does not call itself");
        assertTrue(listing(ledger, "$dsm$w$count", "(L" + LEDGER + ";I" + Names.WRITER_SLOT_DESCRIPTOR + ")V")
            .contains("PUTFIELD " + LEDGER + ".count I"));
        assertTrue(listing(ledger, "increment", null).contains("INVOKESTATIC " + LEDGER + ".$dsm$r$count (L" + LEDGER + ";)I"));
    }

    @Test
    void everyClassIsRewrittenAndOnlySharedOnesGetState() throws Exception
    {
        final Map<String, byte[]> rewritten = Map.of(
            Ledger.class.getName(), pipeline(Ledger.class),
            SubLedger.class.getName(), pipeline(SubLedger.class),
            LedgerUser.class.getName(), pipeline(LedgerUser.class),
            Registry.class.getName(), pipeline(Registry.class),
            Tally.class.getName(), pipeline(Tally.class));
        final Rewriting.SampleLoader loader = Rewriting.load(rewritten);

        final ClassNode ledger = node(rewritten.get(Ledger.class.getName()));
        assertEquals(List.of("opened", "count", "version", "label", "attachment", "id", "tag",
            Names.STATE_FIELD, Names.META_FIELD, Names.HANDLE_FIELD),
            ledger.fields.stream().map(f -> f.name).toList(), "the agent's fields after the class's own");
        assertTrue(node(rewritten.get(SubLedger.class.getName())).fields.stream().noneMatch(f -> f.name.equals(Names.STATE_FIELD)));
        assertTrue(node(rewritten.get(Tally.class.getName())).fields.stream().noneMatch(f -> Names.isAgentMember(f.name)));
        assertTrue(node(rewritten.get(LedgerUser.class.getName())).methods.stream().noneMatch(m -> Names.isAgentMember(m.name)));
        assertTrue(listing(node(rewritten.get(LedgerUser.class.getName())), "readInherited", null)
            .contains("INVOKESTATIC " + LEDGER + ".$dsm$r$count (L" + LEDGER + ";)I"));
        assertTrue(listing(node(rewritten.get(Registry.class.getName())), "publish", null).contains(invokes(Names.BIND_STATIC_ROOT)));

        final Class<?> sub = loader.initialise(SubLedger.class.getName());
        final Object s = sub.getConstructor().newInstance();
        sub.getMethod("increment").invoke(s);
        assertEquals(1, loader.initialise(LedgerUser.class.getName()).getMethod("readInherited", sub).invoke(null, s));
        assertEquals(0, sub.getSuperclass().getField(Names.STATE_FIELD).getInt(s), "the write left the block writable");
    }
}
