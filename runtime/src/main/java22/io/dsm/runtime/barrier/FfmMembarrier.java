package io.dsm.runtime.barrier;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * membarrier(2) through FFM (final in JDK 22): a downcall to libc's variadic {@code syscall} with the
 * architecture's syscall number, so no native library has to be built. Compiled with --release 22 into
 * META-INF/versions/22/ of the multi-release jar; JDK 17-21 load the base version, which reports itself absent.
 */
final class FfmMembarrier
{
    private FfmMembarrier()
    {
    }

    /** Whether this is the FFM version of the class. */
    static boolean present()
    {
        return true;
    }

    static MembarrierCall open() throws Unavailable
    {
        final long number = Platform.membarrierSyscallNumber();
        if (number < 0)
        {
            throw new Unavailable("no membarrier syscall number known for " + Platform.nativeDirectory());
        }
        try
        {
            final Linker linker = Linker.nativeLinker();
            final MemorySegment syscall = linker.defaultLookup().find("syscall")
                .orElseThrow(() -> new Unavailable("libc has no syscall symbol"));
            // long syscall(long number, ...): cmd, flags and cpu_id are the variadic ints
            final MethodHandle handle = linker.downcallHandle(syscall,
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
            final StructLayout state = Linker.Option.captureStateLayout();
            final VarHandle errno = state.varHandle(MemoryLayout.PathElement.groupElement("errno"));
            return new Call(handle, errno, state, number);
        }
        catch (final IllegalCallerException ex)
        {
            // --illegal-native-access=deny, or --enable-native-access naming only other modules
            throw new Unavailable("native access refused: " + ex.getMessage());
        }
    }

    private static final class Call implements MembarrierCall
    {
        private final MethodHandle handle;
        private final VarHandle errno;
        private final long number;
        /** errno is captured into a segment; one per thread, as issue() may be called from several */
        private final ThreadLocal<MemorySegment> state;

        Call(final MethodHandle handle, final VarHandle errno, final StructLayout layout, final long number)
        {
            this.handle = handle;
            this.errno = errno;
            this.number = number;
            this.state = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(layout));
        }

        @Override
        public int membarrier(final int cmd, final int flags)
        {
            final MemorySegment captured = state.get();
            final long result;
            try
            {
                result = (long) handle.invokeExact(captured, number, cmd, flags, 0);
            }
            catch (final Throwable ex)
            {
                throw new IllegalStateException("membarrier downcall failed", ex);
            }
            return result < 0 ? -(int) errno.get(captured, 0L) : (int) result;
        }

        @Override
        public String how()
        {
            return "membarrier through FFM (JDK " + Platform.jdkFeature() + ")";
        }
    }
}
