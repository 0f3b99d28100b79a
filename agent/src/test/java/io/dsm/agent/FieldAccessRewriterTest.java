package io.dsm.agent;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.dsm.api.NotShareableException;
import io.dsm.samples.Ledger;
import io.dsm.samples.LedgerUser;
import io.dsm.samples.Registry;
import io.dsm.samples.Tally;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;

import static io.dsm.agent.Rewriting.internal;
import static io.dsm.agent.Rewriting.invokes;
import static io.dsm.agent.Rewriting.listing;
import static io.dsm.agent.Rewriting.node;
import static io.dsm.agent.Rewriting.rewrite;
import static io.dsm.agent.Rewriting.wentThrough;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FieldAccessRewriter}: GETFIELD and PUTFIELD of shared fields become calls of their
 * accessors, in the methods of any class. The shared classes also get the state fields and the
 * accessors the rewritten calls need to run.
 */
class FieldAccessRewriterTest
{
    private static final String LEDGER = internal(Ledger.class);
    private static final String READ_COUNT = "INVOKESTATIC " + LEDGER + ".$dsm$r$count (L" + LEDGER + ";)I";
    private static final String WRITE_COUNT = "INVOKESTATIC " + LEDGER + ".$dsm$w$count (L" + LEDGER + ";I)V";
    private static final int INVALID = 2;
    private static final int READ = 1;

    @Test
    void sharedFieldInstructionsInAnotherClassCallTheAccessors()
    {
        final ClassNode user = node(rewrite(LedgerUser.class, w -> new FieldAccessRewriter(w, Rewriting.lookup())));
        assertEquals(List.of("ALOAD", READ_COUNT, "IRETURN"), listing(user, "readCount", null));
        assertEquals(List.of("ALOAD", "ILOAD", WRITE_COUNT, "RETURN"), listing(user, "writeCount", null));
        assertEquals(List.of("ALOAD", "INVOKESTATIC " + LEDGER + ".$dsm$r$version (L" + LEDGER + ";)J", "LRETURN"),
            listing(user, "readVersion", null));
        assertEquals(List.of("ALOAD", "ALOAD", "INVOKESTATIC " + LEDGER + ".$dsm$w$label (L" + LEDGER + ";Ljava/lang/String;)V", "RETURN"),
            listing(user, "writeLabel", null));
        assertEquals(List.of("ALOAD", READ_COUNT, "IRETURN"), listing(user, "readInherited", null),
            "GETFIELD SubLedger.count calls the accessor of the declaring class, Ledger");
        final String tally = internal(Tally.class);
        assertEquals(List.of("ALOAD", "GETFIELD " + tally + ".value I", "IRETURN"), listing(user, "readTally", null));
        assertEquals(List.of("ALOAD", "ILOAD", "PUTFIELD " + tally + ".value I", "RETURN"), listing(user, "writeTally", null));
    }

    @Test
    void rewrittenReadsAndWritesGoThroughTheBlockState() throws Exception
    {
        final Rewriting.SampleLoader loader = Rewriting.load(Map.of(
            Ledger.class.getName(), rewriteShared(Ledger.class, true),
            LedgerUser.class.getName(), rewrite(LedgerUser.class, w -> new FieldAccessRewriter(w, Rewriting.lookup()))));
        final Class<?> ledger = loader.initialise(Ledger.class.getName());
        final Class<?> user = loader.initialise(LedgerUser.class.getName());
        final Object o = ledger.getConstructor().newInstance();

        user.getMethod("writeCount", ledger, int.class).invoke(null, o, 3);
        assertEquals(3, user.getMethod("readCount", ledger).invoke(null, o));

        ledger.getField(Names.META_FIELD).set(o, "not a block"); // so that reaching the fault path shows
        ledger.getField(Names.STATE_FIELD).setInt(o, INVALID);
        final Throwable read = assertThrows(InvocationTargetException.class,
            () -> user.getMethod("readCount", ledger).invoke(null, o)).getCause();
        assertInstanceOf(ClassCastException.class, read, "a read of an invalid block faulted");
        assertTrue(wentThrough(read, Names.READ_FAULT), Arrays.toString(read.getStackTrace()));

        ledger.getField(Names.META_FIELD).set(o, null);
        ledger.getField(Names.STATE_FIELD).setInt(o, READ);
        final Throwable write = assertThrows(InvocationTargetException.class,
            () -> user.getMethod("writeCount", ledger, int.class).invoke(null, o, 4)).getCause();
        assertInstanceOf(IllegalStateException.class, write, "a write to a read-only copy took the slow path");
        assertEquals(3, ledger.getField("count").getInt(o));
    }

    @Test
    void theSharedClassesOwnMethodsAreRewrittenToo() throws Exception
    {
        final byte[] bytes = rewriteShared(Ledger.class, true);
        final ClassNode node = node(bytes);
        assertEquals(List.of("ALOAD", "ALOAD", READ_COUNT, "ICONST_1", "IADD", WRITE_COUNT, "ALOAD", READ_COUNT, "IRETURN"),
            listing(node, "increment", null));

        final Class<?> ledger = Rewriting.load(Map.of(Ledger.class.getName(), bytes)).initialise(Ledger.class.getName());
        final Object o = ledger.getConstructor().newInstance();
        ledger.getField(Names.STATE_FIELD).setInt(o, READ);
        assertThrows(InvocationTargetException.class, () -> ledger.getMethod("increment").invoke(o));
    }

    @Test
    void finalFieldsAreStoredDirectlyAndAReferenceStoredInOneIsChecked() throws Exception
    {
        final byte[] bytes = rewriteShared(Ledger.class, true);
        final List<String> constructor = listing(node(bytes), "<init>", "(ILjava/lang/Object;)V");
        assertEquals(List.of("ALOAD", "INVOKESPECIAL java/lang/Object.<init> ()V",
            "ALOAD", "ILOAD", "PUTFIELD " + LEDGER + ".id I",
            "ALOAD", "ALOAD", "DUP", invokes(Names.CHECK_VALUE), "PUTFIELD " + LEDGER + ".tag Ljava/lang/Object;", "RETURN"), constructor);

        final Class<?> ledger = Rewriting.load(Map.of(Ledger.class.getName(), bytes)).initialise(Ledger.class.getName());
        assertEquals("kept", ledger.getField("tag").get(ledger.getConstructor(int.class, Object.class).newInstance(1, "kept")));
        final Throwable t = assertThrows(InvocationTargetException.class,
            () -> ledger.getConstructor(int.class, Object.class).newInstance(1, new ArrayList<>())).getCause();
        assertInstanceOf(NotShareableException.class, t);
    }

    /**
     * javac never stores a non-final field before {@code super()}, other compilers may: such a
     * store stays a PUTFIELD (an uninitialized object cannot be passed to the accessor), even
     * after another object's constructor was called, and the stores after {@code super()} are rewritten.
     */
    @Test
    void storesBeforeTheSuperConstructorCallStayPlain() throws Exception
    {
        final String name = Rewriting.SAMPLES + "EarlyStore";
        final String internal = name.replace('.', '/');
        final byte[] generated = earlyStore(internal);
        final byte[] bytes = rewrite(generated, w -> new FieldAccessRewriter(new StateFieldAdder(new AccessorEmitter(w), true),
            Rewriting.lookup(Map.of(name, generated))));
        assertEquals(List.of("NEW java/lang/Object", "DUP", "INVOKESPECIAL java/lang/Object.<init> ()V", "POP",
            "ALOAD", "ICONST_5", "PUTFIELD " + internal + ".early I",
            "ALOAD", "INVOKESPECIAL java/lang/Object.<init> ()V",
            "ALOAD", "BIPUSH", "INVOKESTATIC " + internal + ".$dsm$w$early (L" + internal + ";I)V", "RETURN"),
            listing(node(bytes), "<init>", "()V"));

        final Class<?> c = Rewriting.load(Map.of(name, bytes)).initialise(name);
        assertEquals(7, c.getField("early").getInt(c.getConstructor().newInstance()));
    }

    @Test
    void fieldsOfClassesThatAreNotSharedAndStaticFieldsAreLeftAlone()
    {
        final byte[] original = Rewriting.original(Tally.class.getName());
        final ClassNode tally = node(rewrite(original, w -> new FieldAccessRewriter(w, Rewriting.lookup())));
        final ClassNode plain = node(original);
        assertEquals(listing(plain, "<init>", "()V"), listing(tally, "<init>", "()V"));
        final List<String> registry = listing(node(rewrite(Registry.class,
            w -> new FieldAccessRewriter(w, Rewriting.lookup()))), "count", null);
        assertFalse(registry.stream().anyMatch(l -> l.startsWith("INVOKESTATIC")), "GETSTATIC/PUTSTATIC untouched: " + registry);
    }

    /** The shared class as the pipeline leaves it, less the static-root binding. */
    private static byte[] rewriteShared(final Class<?> sample, final boolean declaresState)
    {
        return rewrite(sample, w -> new FieldAccessRewriter(
            new StateFieldAdder(new AccessorEmitter(w), declaresState), Rewriting.lookup()));
    }

    /**
     * {@code @Shared class EarlyStore { public int early; EarlyStore() { new Object(); early = 5; super(); early = 7; } }}
     */
    private static byte[] earlyStore(final String internal)
    {
        final ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internal, null, "java/lang/Object", null);
        cw.visitAnnotation("Lio/dsm/api/Shared;", true).visitEnd();
        cw.visitField(Opcodes.ACC_PUBLIC, "early", "I", null, null).visitEnd();
        final MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        mv.visitCode();
        mv.visitTypeInsn(Opcodes.NEW, "java/lang/Object");
        mv.visitInsn(Opcodes.DUP);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        mv.visitInsn(Opcodes.POP);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitInsn(Opcodes.ICONST_5);
        mv.visitFieldInsn(Opcodes.PUTFIELD, internal, "early", "I");
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitIntInsn(Opcodes.BIPUSH, 7);
        mv.visitFieldInsn(Opcodes.PUTFIELD, internal, "early", "I");
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }
}
