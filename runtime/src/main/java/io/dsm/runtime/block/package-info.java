/**
 * Internal: what rewritten code calls and what a block is: the access state word, the slow-path
 * entry points, a block's metadata and waits, and the names the agent adds. Sees only the API, so
 * it could sit on the bootstrap class path.
 */
package io.dsm.runtime.block;
