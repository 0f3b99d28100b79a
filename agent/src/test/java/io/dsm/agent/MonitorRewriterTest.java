package io.dsm.agent;

import java.util.List;
import java.util.Map;

import io.dsm.samples.Plainly;
import io.dsm.samples.Vault;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

import static io.dsm.agent.Rewriting.internal;
import static io.dsm.agent.Rewriting.listing;
import static io.dsm.agent.Rewriting.method;
import static io.dsm.agent.Rewriting.node;
import static io.dsm.agent.Rewriting.rewrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MonitorRewriter}: the cluster lock is taken before the JVM monitor and released before it,
 * on every path; synchronized methods of shared classes become blocks; wait/notify call sites go
 * through {@code Monitors}. Frames are checked by ASM's verifier and the JVM's.
 */
class MonitorRewriterTest
{
    private static final String MONITORS = Names.MONITORS;
    private static final String ENTER = "INVOKESTATIC " + MONITORS + ".enter (Ljava/lang/Object;)V";
    private static final String EXIT = "INVOKESTATIC " + MONITORS + ".exit (Ljava/lang/Object;)V";

    private static byte[] vault()
    {
        return rewrite(Vault.class, w -> new MonitorRewriter(w, true));
    }

    private static byte[] plainly()
    {
        return rewrite(Plainly.class, w -> new MonitorRewriter(w, false));
    }

    @Test
    void aSynchronizedMethodOfASharedClassBecomesABlockThatExitsOnEveryPath()
    {
        final ClassNode node = node(vault());
        final MethodNode take = method(node, "take", "(I)I");
        assertEquals(0, take.access & Opcodes.ACC_SYNCHRONIZED, "the JVM must not take the monitor before the cluster lock");
        final List<String> code = listing(node, "take", "(I)I");
        assertEquals(List.of("ALOAD", "DUP", ENTER, "MONITORENTER"), code.subList(0, 4), "enter first");
        int returns = 0;
        for (int i = 0; i < code.size(); i++)
        {
            if (code.get(i).equals("IRETURN"))
            {
                returns++;
                assertEquals(List.of("ALOAD", "DUP", EXIT, "MONITOREXIT"), code.subList(i - 4, i), "exit before return " + returns);
            }
        }
        assertEquals(3, returns);
        assertEquals(List.of("ALOAD", "DUP", EXIT, "MONITOREXIT", "ATHROW"), code.subList(code.size() - 5, code.size()),
            "the catch-all handler exits and rethrows");
        final List<TryCatchBlockNode> handlers = take.tryCatchBlocks;
        assertEquals("java/lang/ArithmeticException", handlers.get(0).type, "the method's own handler keeps priority");
        assertNull(handlers.get(handlers.size() - 1).type, "the catch-all comes last");
    }

    @Test
    void aStaticSynchronizedMethodLocksItsClass()
    {
        final ClassNode node = node(vault());
        assertEquals(0, method(node, "open", "()I").access & Opcodes.ACC_SYNCHRONIZED);
        final List<String> code = listing(node, "open", "()I");
        assertEquals(List.of("LDC L" + internal(Vault.class) + ";", "DUP", ENTER, "MONITORENTER"), code.subList(0, 4));
    }

    @Test
    void blocksAndWaitNotifyCallSitesGoThroughMonitorsInEveryClass()
    {
        final ClassNode node = node(plainly());
        assertTrue((method(node, "next", "()I").access & Opcodes.ACC_SYNCHRONIZED) != 0,
            "a class that is not shared keeps its synchronized methods as compiled");
        final List<String> code = listing(node, "nextInBlock", "()I");
        assertTrue(code.contains("INVOKESTATIC " + MONITORS + ".notify (Ljava/lang/Object;)V"), code.toString());
        assertTrue(code.contains("INVOKESTATIC " + MONITORS + ".wait (Ljava/lang/Object;JI)V"), code.toString());
        assertFalse(code.stream().anyMatch(l -> l.startsWith("INVOKEVIRTUAL java/lang/Object.")), code.toString());
        for (int i = 0; i < code.size(); i++)
        {
            if (code.get(i).equals("MONITORENTER"))
            {
                assertEquals(List.of("DUP", ENTER), code.subList(i - 2, i));
            }
            if (code.get(i).equals("MONITOREXIT"))
            {
                assertEquals(List.of("DUP", EXIT), code.subList(i - 2, i));
            }
        }
    }

    @Test
    void theRewrittenClassesVerifyAndBehaveAsBeforeWithoutANode() throws Exception
    {
        final byte[] vault = rewrite(Vault.class, w -> new MonitorRewriter(new StateFieldAdder(w, true), true));
        final Rewriting.SampleLoader loader = Rewriting.load(Map.of(Vault.class.getName(), vault,
            Plainly.class.getName(), plainly()));
        final Class<?> v = loader.initialise(Vault.class.getName());
        final Object o = v.getConstructor().newInstance();
        v.getField("gold").setInt(o, 10);
        assertEquals(4, v.getMethod("take", int.class).invoke(o, 4));
        assertEquals(0, v.getMethod("take", int.class).invoke(o, 100));
        assertEquals(1, v.getMethod("open").invoke(null));
        final Throwable t = assertThrows(java.lang.reflect.InvocationTargetException.class, () -> v.getMethod("fail").invoke(o));
        assertTrue(t.getCause() instanceof IllegalStateException);
        // the handler released the monitor: another thread can take it at once
        final Thread other = new Thread(() ->
        {
            synchronized (o)
            {
                o.notifyAll();
            }
        });
        other.start();
        other.join(10_000);
        assertFalse(other.isAlive(), "the monitor stayed held after the exception");
        v.getMethod("signal").invoke(o);
        final Class<?> p = loader.initialise(Plainly.class.getName());
        final Object plain = p.getConstructor().newInstance();
        assertEquals(1, p.getMethod("next").invoke(plain));
        assertEquals(2, p.getMethod("nextInBlock").invoke(plain));
    }
}
