package io.dsm.runtime.barrier;

/** One way of reaching the membarrier(2) system call (FFM or JNI); kept apart so both share the protocol. */
interface MembarrierCall
{
    /** membarrier(cmd, flags, 0): the kernel's non-negative result, or minus errno when it failed. */
    int membarrier(int cmd, int flags);

    /** How the call is made, e.g. "membarrier through JNI (JDK 17)". */
    String how();
}
