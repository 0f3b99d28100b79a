/**
 * Internal: the parts of one node: its block table, faults and their waits, named roots,
 * membership, the protocol agent thread, and class initialisation off that thread.
 */
package io.dsm.runtime.node;
