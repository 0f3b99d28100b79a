package io.dsm.benchmarks.fastpath;

import java.lang.reflect.Field;

import io.dsm.runtime.block.WriteMode;

/**
 * For benchmarks/print-write-accessor.sh: a loop that writes a shared field (so the agent hoists
 * the writer slot into a local and C2 inlines the slot-taking write accessor into the loop), run
 * until C2 has compiled it. Prints the field offsets the script's check looks for:
 * {@code flag=} WriterSlot's inFlight, {@code state=} SharedPoint's state word, {@code field=} SharedPoint.x.
 */
public final class AccessorProbe
{
    private AccessorProbe()
    {
    }

    /** The method whose C2 code the script prints. */
    static void loop(final SharedPoint[] objects, final int v)
    {
        int w = v;
        for (final SharedPoint p : objects)
        {
            p.x = w++;
        }
    }

    public static void main(final String[] args) throws Exception
    {
        FieldAccessBenchmark.requireAgent();
        final Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
        f.setAccessible(true);
        final sun.misc.Unsafe unsafe = (sun.misc.Unsafe)f.get(null);
        final long flag = unsafe.objectFieldOffset(Class.forName("io.dsm.runtime.block.WriterSlotFlag").getDeclaredField("inFlight"));
        final long state = unsafe.objectFieldOffset(SharedPoint.class.getDeclaredField("$dsm$state"));
        final long field = unsafe.objectFieldOffset(SharedPoint.class.getDeclaredField("x"));
        System.out.printf("PROBE flag=0x%x state=0x%x field=0x%x mode=%s jdk=%s%n", flag, state, field, WriteMode.describe(), Runtime.version());
        final SharedPoint[] objects = new SharedPoint[256];
        for (int i = 0; i < objects.length; i++)
        {
            objects[i] = new SharedPoint(i);
        }
        final long end = System.nanoTime() + 3_000_000_000L;
        int v = 0;
        while (System.nanoTime() < end)
        {
            for (int i = 0; i < 1000; i++)
            {
                loop(objects, v++);
            }
        }
        System.out.println("PROBE done x=" + objects[7].x);
    }
}
