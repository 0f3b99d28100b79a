/**
 * Internal: the messages on the wire: the message-type table, the outbox that encodes them, the
 * dispatcher that validates every inbound frame and hands it to its owner, and the payload codec
 * for block contents.
 */
package io.dsm.runtime.wire;
