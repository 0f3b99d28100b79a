package io.dsm.runtime.node;

import io.dsm.runtime.config.NodeConfig;
import io.dsm.runtime.membership.View;
import io.dsm.runtime.protocol.BlockDirectory;
import io.dsm.runtime.protocol.ProtocolContext;
import io.dsm.runtime.protocol.ValueWrites;
import io.dsm.runtime.wire.Outbox;
import io.dsm.runtime.wire.PayloadCodec;

/** The parts of a node its protocols see. */
public record NodeContext(NodeConfig config, BlockDirectory blocks, PayloadCodec payloads, ValueWrites valueWrites,
    Outbox outbox, View view) implements ProtocolContext
{
}
