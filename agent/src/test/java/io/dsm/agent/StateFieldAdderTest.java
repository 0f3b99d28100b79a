package io.dsm.agent;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;

import io.dsm.samples.Initialised;
import io.dsm.samples.Ledger;
import io.dsm.samples.SubLedger;
import io.dsm.samples.Uninitialised;
import org.junit.jupiter.api.Test;

import static io.dsm.agent.Rewriting.internal;
import static io.dsm.agent.Rewriting.listing;
import static io.dsm.agent.Rewriting.node;
import static io.dsm.agent.Rewriting.rewrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link StateFieldAdder} alone: the state fields, the offset, and the initialiser prologue that sets it. */
class StateFieldAdderTest
{
    private static final String OFFSET_PROLOGUE_CALL = Rewriting.invokes(Names.STATE_OFFSET);

    @Test
    void topmostSharedClassGetsTheStateWordTheMetaLinkAndTheOffset() throws Exception
    {
        final Class<?> c = Rewriting.load(Map.of(Ledger.class.getName(), rewrite(Ledger.class, w -> new StateFieldAdder(w, true))))
            .initialise(Ledger.class.getName());

        final Field state = c.getDeclaredField(Names.STATE_FIELD);
        assertEquals(int.class, state.getType());
        assertAddedInstanceField(state);
        final Field meta = c.getDeclaredField(Names.META_FIELD);
        assertEquals(Object.class, meta.getType());
        assertAddedInstanceField(meta);

        final Field offset = c.getDeclaredField(Names.OFFSET_FIELD);
        assertEquals(long.class, offset.getType());
        assertTrue(offset.isSynthetic() && Modifier.isStatic(offset.getModifiers()) && Modifier.isFinal(offset.getModifiers()),
            "$dsm$off is static final synthetic: " + offset);
        assertEquals(Rewriting.offsetOf(state), offset.getLong(null), "the initialiser set $dsm$off to the state word's offset");
    }

    @Test
    void initialiserSetsTheOffsetBeforeItsOwnCodeRuns() throws Exception
    {
        final byte[] bytes = rewrite(Initialised.class, w -> new StateFieldAdder(w, true));
        final List<String> clinit = listing(node(bytes), "<clinit>", "()V");
        assertEquals(List.of("LDC L" + internal(Initialised.class) + ";", OFFSET_PROLOGUE_CALL,
            "PUTSTATIC " + internal(Initialised.class) + "." + Names.OFFSET_FIELD + " " + Names.OFFSET_DESCRIPTOR),
            clinit.subList(0, 3), "the first instructions of <clinit>: " + clinit);

        final Class<?> c = Rewriting.load(Map.of(Initialised.class.getName(), bytes)).initialise(Initialised.class.getName());
        final long offset = c.getDeclaredField(Names.OFFSET_FIELD).getLong(null);
        assertNotEquals(0L, offset);
        assertEquals(offset, c.getField("OFFSET_SEEN_BY_INITIALISER").getLong(null),
            "the class's own initialiser code saw the offset already set");
        assertEquals("hello", c.getField("GREETING").get(null), "the class's own initialiser still ran");
    }

    @Test
    void classWithoutInitialiserGetsOneThatOnlySetsTheOffset() throws Exception
    {
        final byte[] bytes = rewrite(Uninitialised.class, w -> new StateFieldAdder(w, true));
        assertEquals(List.of("LDC L" + internal(Uninitialised.class) + ";", OFFSET_PROLOGUE_CALL,
            "PUTSTATIC " + internal(Uninitialised.class) + "." + Names.OFFSET_FIELD + " " + Names.OFFSET_DESCRIPTOR, "RETURN"),
            listing(node(bytes), "<clinit>", "()V"));

        final Class<?> c = Rewriting.load(Map.of(Uninitialised.class.getName(), bytes)).initialise(Uninitialised.class.getName());
        assertEquals(Rewriting.offsetOf(c.getDeclaredField(Names.STATE_FIELD)), c.getDeclaredField(Names.OFFSET_FIELD).getLong(null));
    }

    @Test
    void subclassInheritsTheStateAndGetsOnlyItsOwnOffset() throws Exception
    {
        final Rewriting.SampleLoader loader = Rewriting.load(Map.of(
            Ledger.class.getName(), rewrite(Ledger.class, w -> new StateFieldAdder(w, true)),
            SubLedger.class.getName(), rewrite(SubLedger.class, w -> new StateFieldAdder(w, false))));
        final Class<?> base = loader.initialise(Ledger.class.getName());
        final Class<?> sub = loader.initialise(SubLedger.class.getName());

        assertThrows(NoSuchFieldException.class, () -> sub.getDeclaredField(Names.STATE_FIELD));
        assertThrows(NoSuchFieldException.class, () -> sub.getDeclaredField(Names.META_FIELD));
        assertEquals(Rewriting.offsetOf(base.getDeclaredField(Names.STATE_FIELD)), sub.getDeclaredField(Names.OFFSET_FIELD).getLong(null),
            "the subclass's offset is that of the inherited state word");
    }

    private static void assertAddedInstanceField(final Field f)
    {
        final int m = f.getModifiers();
        assertTrue(f.isSynthetic() && Modifier.isPublic(m) && Modifier.isTransient(m) && !Modifier.isStatic(m),
            f.getName() + " is a public transient synthetic instance field: " + Modifier.toString(m));
    }
}
