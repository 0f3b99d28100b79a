package io.dsm.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.pool.TypePool;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.util.CheckClassAdapter;
import org.objectweb.asm.util.Printer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Test support: sample classes put through chosen visitors as ByteBuddy would (no frames or
 * maxima computed), checked by ASM's verifier, and loaded apart from the test class path.
 * The samples live in {@code io.dsm.samples} because the agent never shares a class of its own
 * package. The bytes are read back with plain ASM (asm-tree), not the shaded copy that wrote them.
 */
final class Rewriting
{
    static final String SAMPLES = "io.dsm.samples.";

    private Rewriting()
    {
    }

    /** The class file of a sample as compiled. */
    static byte[] original(final String binaryName)
    {
        final String resource = binaryName.replace('.', '/') + ".class";
        try (InputStream in = Rewriting.class.getClassLoader().getResourceAsStream(resource))
        {
            assertNotNull(in, resource + " is not on the test class path");
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }

    /** The sample's bytes through the visitors that {@code chain} puts in front of the writer. */
    static byte[] rewrite(final Class<?> sample, final UnaryOperator<ClassVisitor> chain)
    {
        return rewrite(original(sample.getName()), chain);
    }

    static byte[] rewrite(final byte[] bytes, final UnaryOperator<ClassVisitor> chain)
    {
        final ClassWriter writer = new ClassWriter(0);
        new ClassReader(bytes).accept(chain.apply(writer), ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    /** Answers as the agent would with nothing configured, over the test class path and the given generated classes. */
    static SharedFieldLookup lookup(final Map<String, byte[]> generated)
    {
        final SharedTypes types = new SharedTypes(Set.of());
        final ClassFileLocator locator = new ClassFileLocator.Compound(
            new ClassFileLocator.Simple(generated), ClassFileLocator.ForClassLoader.of(Rewriting.class.getClassLoader()));
        return new SharedFieldLookup(types, types.cacheFor(Rewriting.class.getClassLoader()), TypePool.Default.of(locator));
    }

    static SharedFieldLookup lookup()
    {
        return lookup(Map.of());
    }

    /**
     * Runs ASM's verifier on every method (types and stack depth against max_stack), then loads
     * and initialises each class, so that the JVM's verifier checks the stack map frames too.
     * Returns the loader.
     */
    static SampleLoader load(final Map<String, byte[]> rewritten)
    {
        final SampleLoader loader = new SampleLoader(rewritten);
        for (final Map.Entry<String, byte[]> e : rewritten.entrySet())
        {
            final StringWriter report = new StringWriter();
            CheckClassAdapter.verify(new org.objectweb.asm.ClassReader(e.getValue()), loader, false, new PrintWriter(report));
            assertEquals("", report.toString(), "ASM's verifier on " + e.getKey());
        }
        for (final String name : rewritten.keySet())
        {
            loader.initialise(name);
        }
        return loader;
    }

    static ClassNode node(final byte[] bytes)
    {
        final ClassNode node = new ClassNode();
        new org.objectweb.asm.ClassReader(bytes).accept(node, 0);
        return node;
    }

    static MethodNode method(final ClassNode node, final String name, final String descriptor)
    {
        for (final MethodNode m : node.methods)
        {
            if (m.name.equals(name) && (descriptor == null || m.desc.equals(descriptor)))
            {
                return m;
            }
        }
        return null;
    }

    /**
     * The method's instructions, one line each: {@code GETFIELD owner.name desc},
     * {@code INVOKESTATIC owner.name desc}, {@code LDC value}, {@code CHECKCAST type}, or the
     * bare opcode (labels, frames and line numbers are left out).
     */
    static List<String> listing(final ClassNode node, final String name, final String descriptor)
    {
        final MethodNode m = method(node, name, descriptor);
        assertNotNull(m, node.name + " has no method " + name + (descriptor == null ? "" : descriptor));
        final List<String> lines = new ArrayList<>();
        for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext())
        {
            if (i.getOpcode() < 0)
            {
                continue;
            }
            final String op = Printer.OPCODES[i.getOpcode()];
            if (i instanceof FieldInsnNode f)
            {
                lines.add(op + " " + f.owner + "." + f.name + " " + f.desc);
            }
            else if (i instanceof MethodInsnNode c)
            {
                lines.add(op + " " + c.owner + "." + c.name + " " + c.desc);
            }
            else if (i instanceof LdcInsnNode l)
            {
                lines.add(op + " " + l.cst);
            }
            else if (i instanceof TypeInsnNode t)
            {
                lines.add(op + " " + t.desc);
            }
            else
            {
                lines.add(op);
            }
        }
        return lines;
    }

    /** The listing line of a call of the runtime. */
    static String invokes(final Names.RuntimeCall call)
    {
        return "INVOKESTATIC " + call.owner() + "." + call.name() + " " + call.descriptor();
    }

    /** True when the runtime method is on the throwable's stack: the rewritten code called it. */
    static boolean wentThrough(final Throwable t, final Names.RuntimeCall call)
    {
        return Arrays.stream(t.getStackTrace()).anyMatch(e ->
            e.getClassName().equals(call.owner().replace('/', '.')) && e.getMethodName().equals(call.name()));
    }

    /** Whether {@code handle} (a class's {@code $dsm$vh}) reads and writes exactly {@code field} of {@code o}. */
    static boolean handles(final Object handle, final Field field, final Object o) throws ReflectiveOperationException
    {
        final java.lang.invoke.VarHandle h = (java.lang.invoke.VarHandle)handle;
        final int before = field.getInt(o);
        h.set(o, before + 12345);
        final boolean same = field.getInt(o) == before + 12345;
        field.setInt(o, before);
        return same && h.varType() == int.class;
    }

    static String internal(final Class<?> c)
    {
        return c.getName().replace('.', '/');
    }

    /**
     * Child-first for the samples: defines each sample class itself, from the rewritten bytes if
     * given, else from its original bytes, so the rewritten classes see one another and never the
     * test class path's copies. Everything else (the runtime, the JDK) comes from the parent.
     */
    static final class SampleLoader extends ClassLoader
    {
        private final Map<String, byte[]> rewritten;

        SampleLoader(final Map<String, byte[]> rewritten)
        {
            super("samples", Rewriting.class.getClassLoader());
            this.rewritten = new HashMap<>(rewritten);
        }

        @Override
        protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException
        {
            if (!name.startsWith(SAMPLES))
            {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name))
            {
                Class<?> c = findLoadedClass(name);
                if (c == null)
                {
                    final byte[] bytes = rewritten.containsKey(name) ? rewritten.get(name) : original(name);
                    c = defineClass(name, bytes, 0, bytes.length);
                }
                if (resolve)
                {
                    resolveClass(c);
                }
                return c;
            }
        }

        /** Loads, links (the JVM verifies here) and initialises. */
        Class<?> initialise(final String name)
        {
            try
            {
                return Class.forName(name, true, this);
            }
            catch (final ClassNotFoundException ex)
            {
                throw new AssertionError(ex);
            }
        }
    }
}
