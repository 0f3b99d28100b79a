package io.dsm.runtime.barrier;

/** A barrier the calling thread imposes on every thread of the process (an asymmetric fence). */
public interface ProcessBarrier
{
    /**
     * Returns only after every thread of this process has passed a full memory barrier, so stores
     * they made before it are visible to the caller and none of their later loads moved before it.
     *
     * @throws IllegalStateException with the error code if the kernel refuses, which must not happen
     *     once the probe registered the process
     */
    void issue();

    /** How the barrier is reached, for logs and test reports. */
    String describe();
}
