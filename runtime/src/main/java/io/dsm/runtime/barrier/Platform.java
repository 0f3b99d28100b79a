package io.dsm.runtime.barrier;

import java.util.Locale;

/** The facts about the host the probe decides on: Linux or not, the architecture's name and syscall number. */
final class Platform
{
    private Platform()
    {
    }

    static boolean isLinux()
    {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    }

    static String osName()
    {
        return System.getProperty("os.name", "unknown");
    }

    /** The architecture as the kernel names it ("x86_64", "aarch64"), which also names the native directory. */
    static String arch()
    {
        final String arch = System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT);
        switch (arch)
        {
            case "amd64":
            case "x86_64":
                return "x86_64";
            case "arm64":
            case "aarch64":
                return "aarch64";
            default:
                return arch;
        }
    }

    /** "linux-x86_64": the directory under META-INF/native/ that holds this host's JNI library. */
    static String nativeDirectory()
    {
        return "linux-" + arch();
    }

    /** The membarrier syscall number (HotSpot's systemMemoryBarrier_linux.cpp uses the same), or -1 if unknown. */
    static long membarrierSyscallNumber()
    {
        switch (arch())
        {
            case "x86_64":
                return 324;
            case "aarch64":
                return 283;
            default:
                return -1;
        }
    }

    static int jdkFeature()
    {
        return Runtime.version().feature();
    }
}
