package io.dsm.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import io.dsm.benchmarks.fastpath.PlainPoint;
import io.dsm.benchmarks.fastpath.SharedPoint;
import io.dsm.runtime.DsmRuntime;

/**
 * Shallow size of a {@code @Shared} object against the same class without the annotation, from
 * the agent's {@link Instrumentation#getObjectSize}. Run with {@code -javaagent:dsm-agent.jar}.
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
        if (args.length > 0)
        {
            final Properties p = new Properties();
            p.setProperty("size.fields", fields);
            p.setProperty("size.plain", String.valueOf(plainSize));
            p.setProperty("size.shared", String.valueOf(sharedSize));
            try (var w = Files.newBufferedWriter(Path.of(args[0])))
            {
                p.store(w, "object sizes");
            }
        }
    }
}
