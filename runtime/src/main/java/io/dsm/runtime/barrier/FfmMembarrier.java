package io.dsm.runtime.barrier;

/**
 * membarrier(2) through the Foreign Function and Memory API. This is the JDK 17 version, which has no
 * FFM: it reports itself absent. The real one lives in src/main/java22 and is compiled into
 * META-INF/versions/22/ of the multi-release jar, so JDK 22+ running from the jar loads that instead;
 * from a class directory, or from a jar built without a JDK 22+ javac, JDK 22+ also get this one and
 * fall back to JNI.
 */
final class FfmMembarrier
{
    private FfmMembarrier()
    {
    }

    /** Whether this is the FFM version of the class. */
    static boolean present()
    {
        return false;
    }

    static MembarrierCall open() throws Unavailable
    {
        throw new Unavailable("no FFM membarrier in this build (JDK " + Platform.jdkFeature() + ")");
    }
}
