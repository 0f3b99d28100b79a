package io.dsm.runtime.protocol;

import java.util.HashMap;
import java.util.Map;

import io.dsm.runtime.block.BlockIds;
import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.BlockProtocol;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.block.ClassLayout;
import io.dsm.runtime.block.FaultHandler;
import io.dsm.runtime.wire.ReferenceResolver;

/**
 * One node's blocks for a protocol test: the directory its protocol sees, and the resolver its
 * payload codec uses. Replicas are created as {@code node.BlockTable} creates them (INVALID,
 * meta attached). Confined to the test thread.
 */
final class InMemoryBlocks implements BlockDirectory, ReferenceResolver
{
    /** Application threads fault through {@link FakeContext#fault}, never through the block. */
    private static final FaultHandler NO_FAULTS = (meta, access) ->
    {
        throw new UnsupportedOperationException("a protocol test starts faults with FakeContext.fault");
    };

    private final int self;
    private final Map<Long, BlockMeta> blocks = new HashMap<>();
    private long sequence;
    private BlockProtocol protocol;

    InMemoryBlocks(final int self)
    {
        this.self = self;
    }

    /** The protocol that serves the blocks created from now on. */
    void servedBy(final BlockProtocol protocol)
    {
        this.protocol = protocol;
    }

    @Override
    public BlockMeta publish(final Object o)
    {
        final ClassLayout layout = ClassLayout.of(o.getClass());
        final BlockMeta known = layout.meta(o);
        if (known != null)
        {
            return known;
        }
        final BlockMeta meta = new BlockMeta(BlockIds.make(self, ++sequence), self, NO_FAULTS, o, layout, protocol, null);
        meta.owner = true; // a fresh object's state is 0, WRITE: the creator owns it
        layout.casMeta(o, meta);
        blocks.put(meta.id, meta);
        return meta;
    }

    @Override
    public BlockMeta replicaMeta(final long blockId, final String className)
    {
        final BlockMeta known = blocks.get(blockId);
        if (known != null)
        {
            return known;
        }
        final ClassLayout layout = ClassLayout.of(classFor(className));
        final Object o;
        try
        {
            o = io.dsm.runtime.node.UnsafeServices.allocate(layout.type());
        }
        catch (final InstantiationException ex)
        {
            throw new IllegalStateException(ex);
        }
        final BlockMeta meta = new BlockMeta(blockId, self, NO_FAULTS, o, layout, protocol, null);
        layout.setStateRelease(o, BlockState.INVALID);
        layout.casMeta(o, meta);
        blocks.put(blockId, meta);
        return meta;
    }

    @Override
    public Object replica(final long objectId, final String className)
    {
        return replicaMeta(objectId, className).replica;
    }

    @Override
    public BlockMeta block(final long blockId)
    {
        return blocks.get(blockId);
    }

    @Override
    public Class<?> classFor(final String className)
    {
        try
        {
            return Class.forName(className, true, InMemoryBlocks.class.getClassLoader());
        }
        catch (final ClassNotFoundException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public Object enumConstant(final String className, final String name)
    {
        throw new UnsupportedOperationException("the test classes have no enum fields");
    }

    @Override
    public void requireInitialized(final Class<?> type)
    {
        // classFor initialises: the test thread is the protocol thread and may run static initialisers
    }
}
