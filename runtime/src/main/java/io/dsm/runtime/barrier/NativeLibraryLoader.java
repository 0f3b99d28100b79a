package io.dsm.runtime.barrier;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Loads a JNI library shipped inside the jar under META-INF/native/linux-&lt;arch&gt;/: System.load needs a
 * file, so the library is copied to a temporary file first (deleted when the JVM exits).
 */
final class NativeLibraryLoader
{
    private NativeLibraryLoader()
    {
    }

    /** Loads lib&lt;name&gt;.so for this host into the class loader of {@code owner}. */
    static void load(final Class<?> owner, final String name) throws Unavailable
    {
        final String resource = "/META-INF/native/" + Platform.nativeDirectory() + "/lib" + name + ".so";
        final Path file;
        try (InputStream in = owner.getResourceAsStream(resource))
        {
            if (in == null)
            {
                // only linux-x86_64 is built (where gcc exists); other hosts get here and use the CAS path
                throw new Unavailable("no native library for " + Platform.nativeDirectory() + " on JDK " + Platform.jdkFeature());
            }
            file = Files.createTempFile("lib" + name + "-", ".so");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new Unavailable("cannot extract " + resource + ": " + ex);
        }
        try
        {
            System.load(file.toAbsolutePath().toString());
        }
        catch (final IllegalCallerException ex)
        {
            // JDK 24+ with --illegal-native-access=deny and no --enable-native-access for us
            throw new Unavailable("native access refused: " + ex.getMessage());
        }
        catch (final UnsatisfiedLinkError | SecurityException ex)
        {
            throw new Unavailable("cannot load " + resource + ": " + ex.getMessage());
        }
    }
}
