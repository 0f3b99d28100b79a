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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link StateFieldAdder} alone: the state fields, the state handle, and the initialiser prologue that sets it. */
class StateFieldAdderTest
{
    private static final String OFFSET_PROLOGUE_CALL = Rewriting.invokes(Names.STATE_HANDLE);

    @Test
    void topmostSharedClassGetsTheStateWordTheMetaLinkAndTheHandle() throws Exception
    {
        final Class<?> c = Rewriting.load(Map.of(Ledger.class.getName(), rewrite(Ledger.class, w -> new StateFieldAdder(w, true))))
            .initialise(Ledger.class.getName());

        final Field state = c.getDeclaredField(Names.STATE_FIELD);
        assertEquals(int.class, state.getType());
        assertAddedInstanceField(state);
        final Field meta = c.getDeclaredField(Names.META_FIELD);
        assertEquals(Object.class, meta.getType());
        assertAddedInstanceField(meta);

        final Field handle = c.getDeclaredField(Names.HANDLE_FIELD);
        assertEquals(java.lang.invoke.VarHandle.class, handle.getType());
        assertTrue(handle.isSynthetic() && Modifier.isStatic(handle.getModifiers()) && Modifier.isFinal(handle.getModifiers()),
            "$dsm$vh is static final synthetic: " + handle);
        state.setAccessible(true);
        assertTrue(Rewriting.handles(handle.get(null), state, c.getConstructor().newInstance()),
            "the initialiser set $dsm$vh to the state word's handle");
    }

    @Test
    void initialiserSetsTheHandleBeforeItsOwnCodeRuns() throws Exception
    {
        final byte[] bytes = rewrite(Initialised.class, w -> new StateFieldAdder(w, true));
        final List<String> clinit = listing(node(bytes), "<clinit>", "()V");
        assertEquals(List.of("LDC L" + internal(Initialised.class) + ";", OFFSET_PROLOGUE_CALL,
            "PUTSTATIC " + internal(Initialised.class) + "." + Names.HANDLE_FIELD + " " + Names.HANDLE_DESCRIPTOR),
            clinit.subList(0, 3), "the first instructions of <clinit>: " + clinit);

        final Class<?> c = Rewriting.load(Map.of(Initialised.class.getName(), bytes)).initialise(Initialised.class.getName());
        assertNotNull(c.getDeclaredField(Names.HANDLE_FIELD).get(null));
        assertTrue(c.getField("HANDLE_SEEN_BY_INITIALISER").getBoolean(null),
            "the class's own initialiser code saw the handle already set");
        assertEquals("hello", c.getField("GREETING").get(null), "the class's own initialiser still ran");
    }

    @Test
    void classWithoutInitialiserGetsOneThatOnlySetsTheHandle() throws Exception
    {
        final byte[] bytes = rewrite(Uninitialised.class, w -> new StateFieldAdder(w, true));
        assertEquals(List.of("LDC L" + internal(Uninitialised.class) + ";", OFFSET_PROLOGUE_CALL,
            "PUTSTATIC " + internal(Uninitialised.class) + "." + Names.HANDLE_FIELD + " " + Names.HANDLE_DESCRIPTOR, "RETURN"),
            listing(node(bytes), "<clinit>", "()V"));

        final Class<?> c = Rewriting.load(Map.of(Uninitialised.class.getName(), bytes)).initialise(Uninitialised.class.getName());
        assertTrue(Rewriting.handles(c.getDeclaredField(Names.HANDLE_FIELD).get(null), c.getDeclaredField(Names.STATE_FIELD),
            c.getConstructor().newInstance()));
    }

    @Test
    void subclassInheritsTheStateAndGetsOnlyItsOwnHandle() throws Exception
    {
        final Rewriting.SampleLoader loader = Rewriting.load(Map.of(
            Ledger.class.getName(), rewrite(Ledger.class, w -> new StateFieldAdder(w, true)),
            SubLedger.class.getName(), rewrite(SubLedger.class, w -> new StateFieldAdder(w, false))));
        final Class<?> base = loader.initialise(Ledger.class.getName());
        final Class<?> sub = loader.initialise(SubLedger.class.getName());

        assertThrows(NoSuchFieldException.class, () -> sub.getDeclaredField(Names.STATE_FIELD));
        assertThrows(NoSuchFieldException.class, () -> sub.getDeclaredField(Names.META_FIELD));
        assertTrue(Rewriting.handles(sub.getDeclaredField(Names.HANDLE_FIELD).get(null), base.getDeclaredField(Names.STATE_FIELD),
            sub.getConstructor().newInstance()), "the subclass's handle is that of the inherited state word");
    }

    private static void assertAddedInstanceField(final Field f)
    {
        final int m = f.getModifiers();
        assertTrue(f.isSynthetic() && Modifier.isPublic(m) && Modifier.isTransient(m) && !Modifier.isStatic(m),
            f.getName() + " is a public transient synthetic instance field: " + Modifier.toString(m));
    }
}
