/**
 * Internal: moves whole frames between nodes (Aeron UDP between JVMs, Aeron IPC within one) and
 * knows nothing of what they mean.
 */
package io.dsm.runtime.transport;
