package io.dsm.runtime.barrier;

/**
 * membarrier(2) through JNI, for JDK 17-21, which have no FFM. The library (src/main/c/dsm_membarrier.c)
 * is built by the runtime module's build where gcc exists, for linux-x86_64 only; on other platforms
 * the jar has no library, the probe reports that, and the write path keeps its CAS fallback.
 */
final class JniMembarrier
{
    private static final String LIBRARY = "dsm_membarrier";

    private JniMembarrier()
    {
    }

    /** Loads the library (once per JVM) and returns the call through it. */
    static MembarrierCall open() throws Unavailable
    {
        final String failure = Loaded.FAILURE;
        if (failure != null)
        {
            throw new Unavailable(failure);
        }
        return new Call();
    }

    /** syscall(SYS_membarrier, cmd, flags, 0): the result, or minus errno. */
    static native int membarrier(int cmd, int flags);

    private static final class Call implements MembarrierCall
    {
        @Override
        public int membarrier(final int cmd, final int flags)
        {
            return JniMembarrier.membarrier(cmd, flags);
        }

        @Override
        public String how()
        {
            return "membarrier through JNI (JDK " + Platform.jdkFeature() + ")";
        }
    }

    /** Loads the library on first use only, so probing twice does not load a second copy. */
    private static final class Loaded
    {
        static final String FAILURE = load();

        private static String load()
        {
            try
            {
                NativeLibraryLoader.load(JniMembarrier.class, LIBRARY);
                return null;
            }
            catch (final Unavailable ex)
            {
                return ex.getMessage();
            }
        }
    }
}
