/**
 * A process-wide asymmetric memory barrier: {@code membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED)} on
 * Linux, so the write path's revoker can pay for the ordering that the writers' fast path leaves out.
 * {@link io.dsm.runtime.barrier.ProcessBarriers#probe()} says whether this JVM has one (through FFM on
 * JDK 22+, through a small JNI library on 17-21) and why not when it has none; the caller then keeps
 * the CAS path, which is correct everywhere. Uses nothing of the product.
 */
package io.dsm.runtime.barrier;
