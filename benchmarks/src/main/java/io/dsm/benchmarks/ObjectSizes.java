package io.dsm.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

import io.dsm.benchmarks.fastpath.PlainPoint;
import io.dsm.benchmarks.fastpath.SharedPoint;
import io.dsm.benchmarks.fastpath.SplitPoint2;
import io.dsm.benchmarks.fastpath.SplitPoint3;
import io.dsm.benchmarks.fastpath.SplitPoint4;
import io.dsm.runtime.DsmRuntime;
import sun.misc.Unsafe;

/**
 * Shallow size of a {@code @Shared} object against the same class without the annotation, and of
 * the same fields split into 2, 3 and 4 coherence blocks by {@code @Block} (one {@code int} state
 * word per extra block), from the agent's {@link Instrumentation#getObjectSize}. The shallow size
 * is what an object costs; it is a multiple of the object alignment (8 bytes), which may absorb a
 * 4-byte word or round it up to 8. Beside it, "fields end" is where the last instance field ends
 * (the largest {@code Unsafe.objectFieldOffset} plus the field's size), the size before that
 * rounding. Run with {@code -javaagent:dsm-agent.jar}.
 *
 * <p>Usage: {@code ObjectSizes [results.properties]}
 */
public final class ObjectSizes
{
    private ObjectSizes()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final Instrumentation inst = DsmRuntime.instrumentation();
        if (inst == null)
        {
            System.err.println("no Instrumentation: run with -javaagent:<path>/dsm-agent.jar");
            System.exit(2);
        }
        final PlainPoint plain = new PlainPoint(1);
        final SharedPoint shared = new SharedPoint(1);
        final long plainSize = inst.getObjectSize(plain);
        final long sharedSize = inst.getObjectSize(shared);
        final String fields = "int x, int y, long z, String label";
        final PrintStream out = System.out;
        out.printf("object size (Instrumentation.getObjectSize, shallow) of a class with fields {%s}:%n", fields);
        out.printf("  plain  %-40s %4d bytes%n", PlainPoint.class.getName(), plainSize);
        out.printf("  shared %-40s %4d bytes  (+%d: int $dsm$state, Object $dsm$meta, then alignment)%n",
            SharedPoint.class.getName(), sharedSize, sharedSize - plainSize);
        final Properties p = new Properties();
        p.setProperty("size.fields", fields);
        p.setProperty("size.plain", String.valueOf(plainSize));
        p.setProperty("size.shared", String.valueOf(sharedSize));

        final Object[] split = {new SplitPoint2(1), new SplitPoint3(1), new SplitPoint4(1)};
        final long sharedEnd = fieldsEnd(SharedPoint.class);
        out.printf("the same fields in several blocks (@Block; one int state word per extra block):%n");
        out.printf(Locale.ROOT, "  %-8s %-40s %7s %13s %11s %13s %11s%n", "", "class", "shallow", "+ vs shared",
            "per extra", "fields end", "per extra");
        out.printf(Locale.ROOT, "  %-8s %-40s %7d %13s %11s %13d %11s%n", "plain", PlainPoint.class.getName(), plainSize,
            "", "", fieldsEnd(PlainPoint.class), "");
        out.printf(Locale.ROOT, "  %-8s %-40s %7d %13s %11s %13d %11s%n", "1 block", SharedPoint.class.getName(),
            sharedSize, "", "", sharedEnd, "");
        p.setProperty("end.plain", String.valueOf(fieldsEnd(PlainPoint.class)));
        p.setProperty("end.shared", String.valueOf(sharedEnd));
        for (final Object o : split)
        {
            final int blocks = blockCount(o.getClass());
            final int extra = blocks - 1;
            final long size = inst.getObjectSize(o);
            final long end = fieldsEnd(o.getClass());
            out.printf(Locale.ROOT, "  %-8s %-40s %7d %13s %11.2f %13d %11.2f%n", blocks + " blocks", o.getClass().getName(),
                size, "+" + (size - sharedSize), (size - sharedSize) / (double)extra, end, (end - sharedEnd) / (double)extra);
            p.setProperty("size.split" + blocks, String.valueOf(size));
            p.setProperty("end.split" + blocks, String.valueOf(end));
        }
        out.printf("  (shallow: a multiple of 8 bytes; fields end: before that rounding)%n");
        if (args.length > 0)
        {
            try (var w = Files.newBufferedWriter(Path.of(args[0])))
            {
                p.store(w, "object sizes");
            }
        }
    }

    /** Blocks of an object of {@code type}: its block 0 and one per {@code $dsm$s<k>} word the agent added. */
    static int blockCount(final Class<?> type)
    {
        int blocks = 1;
        for (Class<?> c = type; c != null; c = c.getSuperclass())
        {
            for (final Field f : c.getDeclaredFields())
            {
                if (!Modifier.isStatic(f.getModifiers()) && f.getName().startsWith("$dsm$s") && !f.getName().equals("$dsm$state"))
                {
                    blocks++;
                }
            }
        }
        return blocks;
    }

    /** Where the last instance field of {@code type} (declared or inherited) ends: offset plus size. */
    static long fieldsEnd(final Class<?> type)
    {
        final Unsafe unsafe = unsafe();
        long end = 0;
        for (Class<?> c = type; c != null; c = c.getSuperclass())
        {
            for (final Field f : c.getDeclaredFields())
            {
                if (!Modifier.isStatic(f.getModifiers()))
                {
                    end = Math.max(end, unsafe.objectFieldOffset(f) + sizeOf(f.getType()));
                }
            }
        }
        return end;
    }

    private static int sizeOf(final Class<?> t)
    {
        if (t == long.class || t == double.class)
        {
            return 8;
        }
        if (t == int.class || t == float.class)
        {
            return 4;
        }
        if (t == short.class || t == char.class)
        {
            return 2;
        }
        if (t == byte.class || t == boolean.class)
        {
            return 1;
        }
        return Unsafe.ARRAY_OBJECT_INDEX_SCALE; // a reference: 4 with compressed oops
    }

    private static Unsafe unsafe()
    {
        try
        {
            final Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe)f.get(null);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
