/**
 * Internal: the recovery round that follows a node's death. Survivors stop serving block requests,
 * flush their streams, report their block tables to the lowest live node, and apply its plan: new
 * owners from the surviving copies, copysets, manager records at the dead managers' stand-ins,
 * named roots, and the blocks whose every copy died marked lost.
 */
package io.dsm.runtime.recovery;
