package io.dsm.agent;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.dsm.api.NotShareableException;
import io.dsm.samples.Ledger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.ClassNode;

import static io.dsm.agent.Rewriting.internal;
import static io.dsm.agent.Rewriting.invokes;
import static io.dsm.agent.Rewriting.listing;
import static io.dsm.agent.Rewriting.node;
import static io.dsm.agent.Rewriting.rewrite;
import static io.dsm.agent.Rewriting.wentThrough;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AccessorEmitter}, with the {@link StateFieldAdder} whose fields its accessors use:
 * which accessors there are, and what they do in each block state.
 */
class AccessorEmitterTest
{
    private static final String LEDGER = internal(Ledger.class);
    private static final int INVALID = 2;
    private static final int READ = 1;
    private static final String SLOT = Names.WRITER_SLOT_DESCRIPTOR;

    private byte[] bytes;
    private Class<?> ledger;

    @BeforeEach
    void rewriteLedger()
    {
        bytes = rewrite(Ledger.class, w -> new StateFieldAdder(new AccessorEmitter(w), true));
        ledger = Rewriting.load(Map.of(Ledger.class.getName(), bytes)).initialise(Ledger.class.getName());
    }

    @Test
    void everyInstanceFieldGetsAReadAccessorAndEveryNonFinalOneAWriteAccessor()
    {
        final ClassNode node = node(bytes);
        final List<String> accessors = new ArrayList<>();
        node.methods.stream().filter(m -> Names.isAgentMember(m.name)).forEach(m -> {
            assertEquals(org.objectweb.asm.Opcodes.ACC_PUBLIC | org.objectweb.asm.Opcodes.ACC_STATIC | org.objectweb.asm.Opcodes.ACC_SYNTHETIC,
                m.access, m.name + " is public static synthetic");
            accessors.add(m.name + m.desc);
        });
        assertEquals(List.of(
            "$dsm$r$count(L" + LEDGER + ";)I", "$dsm$w$count(L" + LEDGER + ";I)V", "$dsm$w$count(L" + LEDGER + ";I" + SLOT + ")V",
            "$dsm$r$version(L" + LEDGER + ";)J", "$dsm$w$version(L" + LEDGER + ";J)V", "$dsm$w$version(L" + LEDGER + ";J" + SLOT + ")V",
            "$dsm$r$label(L" + LEDGER + ";)Ljava/lang/String;", "$dsm$w$label(L" + LEDGER + ";Ljava/lang/String;)V",
            "$dsm$w$label(L" + LEDGER + ";Ljava/lang/String;" + SLOT + ")V",
            "$dsm$r$attachment(L" + LEDGER + ";)Ljava/lang/Object;", "$dsm$w$attachment(L" + LEDGER + ";Ljava/lang/Object;)V",
            "$dsm$w$attachment(L" + LEDGER + ";Ljava/lang/Object;" + SLOT + ")V",
            "$dsm$r$id(L" + LEDGER + ";)I",
            "$dsm$r$tag(L" + LEDGER + ";)Ljava/lang/Object;"),
            accessors, "no accessors for the static field, none for the agent's own fields, no write accessor for a final field; " +
                "each write accessor also comes in the overload that takes the thread's slot");
    }

    @Test
    void accessorsReadAndWriteTheFieldAndLeaveTheBlockWritable() throws Exception
    {
        final Object o = ledger.getConstructor().newInstance();
        call("$dsm$w$count", o, 41);
        assertEquals(41, ledger.getField("count").getInt(o));
        assertEquals(41, call("$dsm$r$count", o));
        call("$dsm$w$version", o, Long.MAX_VALUE);
        assertEquals(Long.MAX_VALUE, call("$dsm$r$version", o));
        call("$dsm$w$label", o, "text");
        assertEquals("text", call("$dsm$r$label", o));
        assertEquals(0, ledger.getField(Names.STATE_FIELD).getInt(o), "each write left the block in WRITE");
        final Object slot = io.dsm.runtime.block.WriterSlots.mine();
        call("$dsm$w$count", o, 42, slot);
        assertEquals(42, call("$dsm$r$count", o), "the overload that takes the slot writes too");
        ledger.getField(Names.STATE_FIELD).setInt(o, io.dsm.runtime.block.BlockState.WRITE_CAS);
        call("$dsm$w$count", o, 43);
        assertEquals(43, call("$dsm$r$count", o), "a block in WRITE_CAS is written with a CAS");
        assertEquals(io.dsm.runtime.block.BlockState.WRITE_CAS, ledger.getField(Names.STATE_FIELD).getInt(o),
            "and left in WRITE_CAS, its WRITING bit cleared");
    }

    @Test
    void readOfABlockNotReadableHereFaults() throws Exception
    {
        final Object o = ledger.getConstructor().newInstance();
        ledger.getField(Names.META_FIELD).set(o, "not a block"); // so that reaching the fault path shows
        assertEquals(0, call("$dsm$r$count", o), "a readable block reads without a fault");

        ledger.getField(Names.STATE_FIELD).setInt(o, INVALID);
        for (final String accessor : List.of("$dsm$r$count", "$dsm$r$version"))
        {
            final Throwable t = assertThrows(InvocationTargetException.class, () -> call(accessor, o)).getCause();
            assertInstanceOf(ClassCastException.class, t);
            assertTrue(wentThrough(t, Names.READ_FAULT), accessor + " in state INVALID went to Access.readFault: " + Arrays.toString(t.getStackTrace()));
        }
    }

    @Test
    void volatileFieldReadsTheStateWithAnAcquireAndPlainFieldWithAPlainRead()
    {
        final String call = invokes(Names.STATE_VOLATILE);
        final String plain = "GETFIELD " + LEDGER + "." + Names.STATE_FIELD + " " + Names.STATE_DESCRIPTOR;
        final List<String> volatileRead = listing(node(bytes), "$dsm$r$version", null);
        assertTrue(volatileRead.contains(call) && !volatileRead.contains(plain), volatileRead.toString());
        final List<String> plainRead = listing(node(bytes), "$dsm$r$count", null);
        assertTrue(plainRead.contains(plain) && !plainRead.contains(call), plainRead.toString());
    }

    @Test
    void writeToABlockNotWritableHereTakesTheSlowPath() throws Exception
    {
        final Object o = ledger.getConstructor().newInstance();
        ledger.getField(Names.STATE_FIELD).setInt(o, READ);
        final Throwable t = assertThrows(InvocationTargetException.class, () -> call("$dsm$w$count", o, 5)).getCause();
        assertInstanceOf(IllegalStateException.class, t);
        assertTrue(t.getMessage().contains("has state 1 but no block"), t.getMessage());
        assertTrue(wentThrough(t, Names.WRITE_SLOW), "the write went to Access.writeSlow: " + Arrays.toString(t.getStackTrace()));
        assertEquals(0, ledger.getField("count").getInt(o), "the store did not happen");
    }

    @Test
    void writeOfAReferenceChecksTheValue() throws Exception
    {
        final Object o = ledger.getConstructor().newInstance();
        final Throwable t = assertThrows(InvocationTargetException.class, () -> call("$dsm$w$attachment", o, new ArrayList<>())).getCause();
        assertInstanceOf(NotShareableException.class, t);
        assertNull(ledger.getField("attachment").get(o));
        call("$dsm$w$attachment", o, "a string travels by value");
        assertEquals("a string travels by value", ledger.getField("attachment").get(o));
    }

    private Object call(final String accessor, final Object... args) throws Exception
    {
        for (final Method m : ledger.getDeclaredMethods())
        {
            if (m.getName().equals(accessor) && m.getParameterCount() == args.length)
            {
                assertTrue(Modifier.isStatic(m.getModifiers()) && m.isSynthetic(), m.toString());
                return m.invoke(null, args);
            }
        }
        throw new AssertionError(ledger.getName() + " has no method " + accessor);
    }
}
