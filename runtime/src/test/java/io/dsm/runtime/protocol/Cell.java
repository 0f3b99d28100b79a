package io.dsm.runtime.protocol;

import io.dsm.api.Shared;

/**
 * A shared class as the agent leaves it: the two synthetic fields are declared by hand, which is
 * all {@link io.dsm.runtime.block.ClassLayout} asks for, so protocol tests need no agent. Its
 * fields are read and written directly, as the protocol agent does.
 */
@Shared
final class Cell
{
    public transient int $dsm$state;
    public transient Object $dsm$meta;
    public int value;
}
