/**
 * Internal: failure detection and recovery. Heartbeats declare a silent peer dead; every survivor
 * learns it; a recovery round rebuilds ownership, copysets, manager records and roots from the
 * survivors' block tables and marks the blocks whose every copy died as lost.
 */
package io.dsm.runtime.membership;
