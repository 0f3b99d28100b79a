package io.dsm.runtime.protocol;

import io.dsm.runtime.config.NodeConfig;
import io.dsm.runtime.membership.View;
import io.dsm.runtime.wire.Outbox;
import io.dsm.runtime.wire.PayloadCodec;

/**
 * All a protocol sees of its node (as Aeron Cluster hands a clustered service its narrow
 * {@code Cluster}, never the consensus module): the configuration (own id, members, manager,
 * timeouts), the block directory, the payload codec to install data, the value-carrying writes in
 * flight, and the outbox. A protocol unit test supplies a fake one.
 */
public interface ProtocolContext
{
    NodeConfig config();

    BlockDirectory blocks();

    PayloadCodec payloads();

    ValueWrites valueWrites();

    Outbox outbox();

    /** Which members are alive: a dead manager's blocks are managed by its stand-in. */
    View view();
}
