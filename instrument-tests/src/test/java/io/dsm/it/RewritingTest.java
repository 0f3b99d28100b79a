package io.dsm.it;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import io.dsm.api.NotShareableException;
import io.dsm.it.model.AllTypes;
import io.dsm.it.model.Base;
import io.dsm.it.model.ConfiguredPoint;
import io.dsm.it.model.Counter;
import io.dsm.it.model.Derived;
import io.dsm.it.model.Holder;
import io.dsm.it.model.Node;
import io.dsm.it.model.Plain;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.dsm.runtime.DsmRuntime;
import io.dsm.runtime.block.ClassLayout;

/** What the agent does to classes, checked in one JVM without a cluster (objects never published). */
class RewritingTest
{
    @Test
    void sharedClassesGetStateFieldsAndAccessors() throws Exception
    {
        final Field state = Counter.class.getDeclaredField("$dsm$state");
        assertEquals(int.class, state.getType());
        assertTrue(state.isSynthetic());
        assertNotNull(Counter.class.getDeclaredField("$dsm$meta"));
        assertTrue(Modifier.isStatic(Counter.class.getDeclaredField("$dsm$vh").getModifiers()));
        final Method read = Counter.class.getDeclaredMethod("$dsm$r$value", Counter.class);
        assertTrue(read.isSynthetic());
        assertNotNull(Counter.class.getDeclaredMethod("$dsm$w$value", Counter.class, int.class));
        // a final field gets a read accessor only: it is written in constructors, never after
        assertNotNull(Node.class.getDeclaredMethod("$dsm$r$index", Node.class));
        assertThrows(NoSuchMethodException.class, () -> Node.class.getDeclaredMethod("$dsm$w$index", Node.class, int.class));
        // plain classes are untouched
        assertThrows(NoSuchFieldException.class, () -> Plain.class.getDeclaredField("$dsm$state"));
        assertFalse(ClassLayout.isShared(Plain.class));
    }

    @Test
    void subclassOfSharedClassInheritsStateAndSharesItsOwnFields() throws Exception
    {
        assertThrows(NoSuchFieldException.class, () -> Derived.class.getDeclaredField("$dsm$state"));
        assertNotNull(Base.class.getDeclaredField("$dsm$state"));
        assertNotNull(Derived.class.getDeclaredMethod("$dsm$r$derivedValue", Derived.class));
        assertNotNull(Derived.class.getDeclaredMethod("$dsm$w$hidden", Derived.class, int.class));
        assertTrue(ClassLayout.isShared(Derived.class));
    }

    @Test
    void classNamedInConfigurationIsShared() throws Exception
    {
        assertNotNull(ConfiguredPoint.class.getDeclaredField("$dsm$state"));
        assertTrue(ClassLayout.isShared(ConfiguredPoint.class));
        final ConfiguredPoint p = new ConfiguredPoint();
        p.x = 3;
        p.y = p.x + 1;
        assertEquals(4, p.y);
    }

    @Test
    void everyTypeReadsBackLocally()
    {
        final AllTypes t = new AllTypes();
        t.z = true;
        t.b = (byte)-7;
        t.c = 'x';
        t.s = (short)-300;
        t.i = 123_456;
        t.f = 1.5f;
        t.j = Long.MIN_VALUE + 3;
        t.d = Math.PI;
        t.vj = Long.MAX_VALUE - 1;
        t.vd = -0.25;
        t.vi = 99;
        t.text = "héllo";
        t.boxed = 17;
        t.color = AllTypes.Color.GREEN;
        t.anything = 2.5d;
        t.other = new AllTypes();
        t.other.i = 5;
        t.i += 1;
        t.j++;
        assertTrue(t.z);
        assertEquals((byte)-7, t.b);
        assertEquals('x', t.c);
        assertEquals((short)-300, t.s);
        assertEquals(123_457, t.i);
        assertEquals(1.5f, t.f);
        assertEquals(Long.MIN_VALUE + 4, t.j);
        assertEquals(Math.PI, t.d);
        assertEquals(Long.MAX_VALUE - 1, t.vj);
        assertEquals(-0.25, t.vd);
        assertEquals(99, t.vi);
        assertEquals("héllo", t.text);
        assertEquals(17, t.boxed);
        assertSame(AllTypes.Color.GREEN, t.color);
        assertEquals(2.5d, t.anything);
        assertEquals(5, t.other.i);
    }

    @Test
    void inheritedFieldsThroughSubclassAndOwnerMethods()
    {
        final Derived d = new Derived();
        d.baseValue = 10;           // GETFIELD/PUTFIELD Derived.baseValue resolves to Base
        d.derivedValue = 20;
        d.baseName("n");             // access inside the owner class
        d.hidden(30);
        final Base asBase = d;
        assertEquals(10, asBase.baseValue);
        assertEquals(20, d.derivedValue);
        assertEquals("n", d.baseName());
        assertEquals(30, d.hidden());
    }

    @Test
    void constructorsLinkAndReadFields()
    {
        final Node head = new Node(0, 5);
        assertEquals(5, head.length());
        assertEquals(4, head.next.next.next.next.index);
        assertNull(head.next.next.next.next.next);
    }

    @Test
    void arrayInSharedFieldIsRejectedWithTheFix()
    {
        final AllTypes t = new AllTypes();
        final NotShareableException ex = assertThrows(NotShareableException.class, () -> t.array = new int[] {1, 2});
        assertTrue(ex.getMessage().contains("array"), ex.getMessage());
        assertTrue(ex.getMessage().contains("@Shared"), ex.getMessage());
        assertNull(t.array);
        t.array = null; // null is fine
        assertThrows(NotShareableException.class, () -> t.anything = new long[0]);
    }

    @Test
    void nonSharedObjectIsRejectedNamingTheClass()
    {
        final AllTypes t = new AllTypes();
        final NotShareableException ex = assertThrows(NotShareableException.class, () -> t.anything = new ArrayList<String>());
        assertTrue(ex.getMessage().contains("java.util.ArrayList"), ex.getMessage());
        assertTrue(ex.getMessage().contains("dsm.shared.classes"), ex.getMessage());
        // a final field is checked in the constructor
        final NotShareableException fin = assertThrows(NotShareableException.class, () -> Holder.ofList(List.of("a")));
        assertTrue(fin.getMessage().contains("List"), fin.getMessage());
        assertEquals("ok", new Holder("ok").value);
    }

    @Test
    void addedFieldsCostAtMostSixteenBytesPerObject()
    {
        final java.lang.instrument.Instrumentation inst = DsmRuntime.instrumentation();
        assertNotNull(inst, "the agent registers its Instrumentation");
        final long shared = inst.getObjectSize(new Counter());
        final long plain = inst.getObjectSize(new Plain());
        System.out.println("object size: @Shared Counter " + shared + " bytes, plain twin " + plain + " bytes");
        assertTrue(shared - plain <= 16, "shared " + shared + " vs plain " + plain);
    }
}
