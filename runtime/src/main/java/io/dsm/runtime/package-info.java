/**
 * The runtime's entry points: {@link io.dsm.runtime.DsmNode} (one member of a cluster) and
 * {@link io.dsm.runtime.DsmCluster} (several in one JVM, for tests); everything below is internal.
 */
package io.dsm.runtime;
