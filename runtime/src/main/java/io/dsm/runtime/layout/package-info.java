/**
 * Blocks smaller than an object: the layout file that groups a class's fields into coherence
 * blocks, the profile a run records per block, and the optimizer and false-sharing report that
 * turn profiles into a layout. Sees the block model and the configuration, nothing of the wire.
 */
package io.dsm.runtime.layout;
