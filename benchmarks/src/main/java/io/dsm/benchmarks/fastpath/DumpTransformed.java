package io.dsm.benchmarks.fastpath;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;

import io.dsm.runtime.DsmRuntime;

/**
 * Writes the bytecode of classes as the dsm agent rewrote them, for run-write-path.sh's check that
 * the benchmark loops call the slot-taking write accessor and the setter the one without:
 * {@code java -javaagent:dsm-agent.jar ... -cp dsm-benchmarks.jar io.dsm.benchmarks.fastpath.DumpTransformed OUT_DIR CLASS...}
 * (then {@code javap -c -p OUT_DIR/*.class}). A transformer added after the agent's sees its output.
 */
public final class DumpTransformed
{
    private DumpTransformed()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Instrumentation inst = DsmRuntime.instrumentation();
        if (inst == null)
        {
            throw new IllegalStateException("run with -javaagent:dsm-agent.jar");
        }
        final Path out = Path.of(args[0]);
        Files.createDirectories(out);
        inst.addTransformer(new ClassFileTransformer()
        {
            @Override
            public byte[] transform(final ClassLoader loader, final String name, final Class<?> redefined,
                final ProtectionDomain domain, final byte[] bytes)
            {
                for (int i = 1; i < args.length; i++)
                {
                    if (args[i].replace('.', '/').equals(name))
                    {
                        try
                        {
                            Files.write(out.resolve(name.substring(name.lastIndexOf('/') + 1) + ".class"), bytes);
                        }
                        catch (final java.io.IOException ex)
                        {
                            throw new java.io.UncheckedIOException(ex);
                        }
                    }
                }
                return null;
            }
        });
        for (int i = 1; i < args.length; i++)
        {
            Class.forName(args[i], false, DumpTransformed.class.getClassLoader());
            System.out.println("dumped " + args[i]);
        }
    }
}
