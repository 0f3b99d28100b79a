/**
 * Internal: the coherence algorithms, one class each, and the narrow {@code ProtocolContext}
 * through which they see their node.
 */
package io.dsm.runtime.protocol;
