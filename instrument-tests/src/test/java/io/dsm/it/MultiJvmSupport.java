package io.dsm.it;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Ports and directories for tests that start real JVMs. */
public final class MultiJvmSupport
{
    private MultiJvmSupport()
    {
    }

    /** A base port with {@code count} consecutive free UDP ports on loopback. */
    public static int freeUdpPorts(final int count)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            final int base = 20000 + (int)(Math.random() * 20000);
            boolean free = true;
            for (int i = 0; i < count && free; i++)
            {
                try (DatagramSocket s = new DatagramSocket(base + i, InetAddress.getLoopbackAddress()))
                {
                    free = s.isBound();
                }
                catch (final Exception ex)
                {
                    free = false;
                }
            }
            if (free)
            {
                return base;
            }
        }
        throw new IllegalStateException("no free UDP ports found");
    }

    /** Deletes a directory tree if it exists (an Aeron directory a child JVM left). */
    public static void deleteTree(final Path p) throws Exception
    {
        if (Files.exists(p))
        {
            try (var walk = Files.walk(p))
            {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
