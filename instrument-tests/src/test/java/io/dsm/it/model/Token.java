package io.dsm.it.model;

import io.dsm.api.Protocol;
import io.dsm.api.Shared;

/** A class that chooses its protocol: one copy that migrates, whatever the cluster default. */
@Shared(protocol = Protocol.MIGRATION)
public class Token
{
    public int holder;
    public long passes;
}
