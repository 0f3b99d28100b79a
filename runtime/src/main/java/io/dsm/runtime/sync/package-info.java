/**
 * Internal: cluster-wide monitors. {@code synchronized}, {@code wait} and {@code notify} on shared
 * objects (and shared classes) take a token-based cluster lock (TreadMarks' algorithm: the lock's
 * manager queues requesters, the token goes from holder to next) before the JVM's own monitor.
 */
package io.dsm.runtime.sync;
