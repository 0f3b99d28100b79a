package io.dsm.agent;

import java.util.List;
import java.util.Map;

import io.dsm.samples.Ledger;
import io.dsm.samples.Registry;
import io.dsm.samples.Tally;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.ClassNode;

import static io.dsm.agent.Rewriting.internal;
import static io.dsm.agent.Rewriting.invokes;
import static io.dsm.agent.Rewriting.listing;
import static io.dsm.agent.Rewriting.node;
import static io.dsm.agent.Rewriting.rewrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * {@link StaticRootBinder} alone: a store into a static reference field of a shared class first
 * binds the value as the root named after the field. Without a node in the JVM the binding hands
 * the value back, so the class still behaves as before.
 */
class StaticRootBinderTest
{
    private static final String REGISTRY = internal(Registry.class);

    private static byte[] rewriteRegistry()
    {
        return rewrite(Registry.class, w -> new StaticRootBinder(w, Rewriting.lookup()));
    }

    @Test
    void referenceStoresAreBoundAsRootsNamedAfterTheField()
    {
        final ClassNode node = node(rewriteRegistry());
        assertEquals(List.of("ALOAD", "LDC io.dsm.samples.Registry.root", invokes(Names.BIND_STATIC_ROOT),
            "CHECKCAST " + REGISTRY, "PUTSTATIC " + REGISTRY + ".root L" + REGISTRY + ";", "RETURN"),
            listing(node, "publish", null));
        final String array = "[L" + internal(Ledger.class) + ";";
        assertEquals(List.of("ALOAD", "LDC io.dsm.samples.Registry.ledgers", invokes(Names.BIND_STATIC_ROOT),
            "CHECKCAST " + array, "PUTSTATIC " + REGISTRY + ".ledgers " + array, "RETURN"),
            listing(node, "keep", null));
        assertEquals(List.of("NEW " + REGISTRY, "DUP", "INVOKESPECIAL " + REGISTRY + ".<init> ()V",
            "LDC io.dsm.samples.Registry.first", invokes(Names.BIND_STATIC_ROOT),
            "CHECKCAST " + REGISTRY, "PUTSTATIC " + REGISTRY + ".first L" + REGISTRY + ";", "RETURN"),
            listing(node, "<clinit>", "()V"), "the static initialiser's stores too");
    }

    @Test
    void primitiveStaticsAndStaticsOfClassesThatAreNotSharedStayPerJvm()
    {
        final ClassNode node = node(rewriteRegistry());
        assertEquals(List.of("GETSTATIC " + REGISTRY + ".counter I", "ICONST_1", "IADD", "PUTSTATIC " + REGISTRY + ".counter I", "RETURN"),
            listing(node, "count", null));
        assertEquals(List.of("ALOAD", "PUTSTATIC " + internal(Tally.class) + ".last Ljava/lang/Object;", "RETURN"),
            listing(node, "remember", null));
    }

    @Test
    void withoutANodeTheStoredValueIsTheValueAssigned() throws Exception
    {
        final Class<?> registry = Rewriting.load(Map.of(Registry.class.getName(), rewriteRegistry()))
            .initialise(Registry.class.getName());
        final Object r = registry.getConstructor().newInstance();
        registry.getMethod("publish", registry).invoke(null, r);
        assertSame(r, registry.getField("root").get(null));
        final Object ledgers = java.lang.reflect.Array.newInstance(registry.getClassLoader().loadClass(Ledger.class.getName()), 2);
        registry.getMethod("keep", ledgers.getClass()).invoke(null, ledgers);
        assertSame(ledgers, registry.getField("ledgers").get(null));
    }
}
