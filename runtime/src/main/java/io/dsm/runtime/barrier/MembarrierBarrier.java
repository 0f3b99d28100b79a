package io.dsm.runtime.barrier;

/**
 * The process barrier on Linux: {@code membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED)} makes the kernel
 * interrupt every CPU currently running a thread of this process, so each passes a full barrier
 * before the call returns; CPUs not running one of our threads have already passed one (a context switch).
 * The kernel refuses the command until the process registered for it, so {@link #register} does that first.
 */
final class MembarrierBarrier implements ProcessBarrier
{
    // from linux/membarrier.h
    static final int CMD_QUERY = 0;
    static final int CMD_PRIVATE_EXPEDITED = 1 << 3;
    static final int CMD_REGISTER_PRIVATE_EXPEDITED = 1 << 4;

    private final MembarrierCall call;

    private MembarrierBarrier(final MembarrierCall call)
    {
        this.call = call;
    }

    /** Checks the kernel offers the command (QUERY) and registers this process for it (REGISTER, once per process). */
    static MembarrierBarrier register(final MembarrierCall call) throws Unavailable
    {
        final int supported = call.membarrier(CMD_QUERY, 0);
        if (supported < 0)
        {
            throw new Unavailable("membarrier QUERY failed: " + errno(-supported) + " (" + call.how() + ")");
        }
        final int needed = CMD_PRIVATE_EXPEDITED | CMD_REGISTER_PRIVATE_EXPEDITED;
        if ((supported & needed) != needed)
        {
            throw new Unavailable("membarrier QUERY lacks PRIVATE_EXPEDITED (0x" + Integer.toHexString(supported) + ")");
        }
        final int registered = call.membarrier(CMD_REGISTER_PRIVATE_EXPEDITED, 0);
        if (registered != 0)
        {
            throw new Unavailable("REGISTER_PRIVATE_EXPEDITED failed: " +
                (registered < 0 ? errno(-registered) : "returned " + registered) + " (" + call.how() + ")");
        }
        return new MembarrierBarrier(call);
    }

    @Override
    public void issue()
    {
        final int result = call.membarrier(CMD_PRIVATE_EXPEDITED, 0);
        if (result != 0)
        {
            // after a successful REGISTER the kernel has no reason to refuse; going on would be unsound
            throw new IllegalStateException("membarrier(PRIVATE_EXPEDITED) failed: " +
                (result < 0 ? errno(-result) : "returned " + result) + " (" + call.how() + ")");
        }
    }

    @Override
    public String describe()
    {
        return call.how() + ", PRIVATE_EXPEDITED registered";
    }

    /** The errno values membarrier(2) documents, by name, so a report need not be looked up. */
    static String errno(final int errno)
    {
        switch (errno)
        {
            case 1:
                return "EPERM (errno 1)";
            case 12:
                return "ENOMEM (errno 12)";
            case 22:
                return "EINVAL (errno 22)";
            case 38:
                return "ENOSYS (errno 38)";
            default:
                return "errno " + errno;
        }
    }
}
