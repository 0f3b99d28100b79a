package io.dsm.runtime.node;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.dsm.api.DsmException;
import io.dsm.runtime.block.Access;
import io.dsm.runtime.block.BlockIds;
import io.dsm.runtime.block.BlockMeta;
import io.dsm.runtime.block.BlockProfile;
import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.block.ClassLayout;
import io.dsm.runtime.block.FaultHandler;
import io.dsm.runtime.block.MonitorHandler;
import io.dsm.runtime.protocol.BlockDirectory;
import io.dsm.runtime.protocol.ProtocolTable;
import io.dsm.runtime.wire.ReferenceResolver;

/**
 * One node's blocks by id: the objects it published and its replicas of others' objects, the
 * classes named by peers, and the check that a class is initialised before the protocol thread
 * instantiates it.
 */
public final class BlockTable implements BlockDirectory, ReferenceResolver
{
    private final int self;
    private final FaultHandler faults;
    private final ClassLoader loader;
    private final ClassInitializer initializer;
    private final ConcurrentHashMap<Long, BlockMeta> blocks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Class<?>> classes = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private ProtocolTable protocols;
    private MonitorHandler monitors;
    private volatile boolean profiling;

    public BlockTable(final int self, final FaultHandler faults, final ClassLoader loader)
    {
        this.self = self;
        this.faults = faults;
        this.loader = loader;
        this.initializer = new ClassInitializer(self);
    }

    /** Every block created from now on counts what the profile needs (dsm.profile=true); before the node serves anything. */
    public void profileBlocks()
    {
        profiling = true;
    }

    /** The protocols and lock service that serve this table's blocks; set once, before the node serves anything. */
    public void servedBy(final ProtocolTable table, final MonitorHandler locks)
    {
        if (protocols != null)
        {
            throw new IllegalStateException("node " + self + "'s block table has its protocols already");
        }
        protocols = table;
        monitors = locks;
    }

    /**
     * Makes an object shared on this node (it gets a global id and this node owns it). Objects
     * already shared on this node are returned as they are.
     */
    @Override
    public BlockMeta publish(final Object o)
    {
        final ClassLayout layout = ClassLayout.of(o.getClass());
        if (!layout.shared())
        {
            throw Access.notShareable(o.getClass());
        }
        BlockMeta meta = layout.meta(o);
        if (meta == null)
        {
            // an object of B blocks takes B ids: block k's id carries k beside the object's sequence
            final long objectId = BlockIds.make(self, sequence.incrementAndGet());
            final BlockMeta[] fresh = newMetas(objectId, o, layout);
            for (final BlockMeta b : fresh)
            {
                b.owner = true;
            }
            // every block is findable by id before the object can be reached (and shipped) through it
            for (final BlockMeta b : fresh)
            {
                blocks.put(b.id, b);
            }
            if (layout.casMeta(o, fresh[0]))
            {
                for (final BlockMeta b : fresh)
                {
                    b.protocol.onPublish(b);
                }
                return fresh[0];
            }
            for (final BlockMeta b : fresh)
            {
                blocks.remove(b.id); // fresh ids nobody was told of
            }
            meta = layout.meta(o);
        }
        if (meta.faults != faults)
        {
            throw new DsmException("object of " + o.getClass().getName() + " belongs to node " + meta.nodeId +
                " and cannot be used through node " + self + "; every node has its own replicas, ask node " + self +
                " for its replica of the object instead");
        }
        return meta;
    }

    @Override
    public Object replica(final long objectId, final String className)
    {
        return replicaMeta(objectId, className).replica;
    }

    @Override
    public BlockMeta replicaMeta(final long objectId, final String className)
    {
        final BlockMeta known = blocks.get(objectId);
        if (known != null)
        {
            return known;
        }
        final Class<?> type = classFor(className);
        final ClassLayout layout = ClassLayout.of(type);
        if (!layout.shared())
        {
            throw new DsmException("a peer sent an object of " + className + " as shared, but that class is not shared on node " +
                self + ": start every JVM with the same -javaagent and the same dsm.shared.classes");
        }
        if (BlockIds.index(objectId) >= layout.blockCount())
        {
            throw new DsmException("a peer sent block " + BlockIds.format(objectId) + " of " + className + ", which has " +
                layout.blockCount() + " block(s) on node " + self + " (" + layout.describeBlocks() + "): the nodes split " +
                "the class differently; give every JVM the same dsm.layout.file and the same class version");
        }
        // Allocated outside the map's lock: allocation may initialise the class, whose static
        // initialiser may wait for the DSM; a racing creator's replica is dropped unused.
        final Object o;
        try
        {
            o = UnsafeServices.allocate(type);
        }
        catch (final InstantiationException ex)
        {
            throw new DsmException("cannot create a replica of " + className + ": " + ex);
        }
        final BlockMeta[] fresh = newMetas(BlockIds.object(objectId), o, layout);
        layout.setAllStatesRelease(o, BlockState.INVALID);
        layout.casMeta(o, fresh[0]);
        // block 0 decides a race between two creators; its siblings go in before anyone can find it
        synchronized (this)
        {
            final BlockMeta raced = blocks.get(fresh[0].id);
            if (raced != null)
            {
                return raced.sibling(BlockIds.index(objectId));
            }
            for (int k = fresh.length - 1; k >= 0; k--)
            {
                blocks.put(fresh[k].id, fresh[k]);
            }
        }
        return fresh[BlockIds.index(objectId)];
    }

    @Override
    public BlockMeta block(final long blockId)
    {
        return blocks.get(blockId);
    }

    @Override
    public Class<?> classFor(final String className)
    {
        final Class<?> known = classes.get(className);
        if (known != null)
        {
            return known;
        }
        try
        {
            final Class<?> c = Class.forName(className, false, loader);
            classes.put(className, c);
            return c;
        }
        catch (final ClassNotFoundException ex)
        {
            throw new DsmException("class " + className + " received from a peer is not on node " + self +
                "'s class path: run the same application on every node");
        }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object enumConstant(final String className, final String name)
    {
        final Class<?> c = classFor(className);
        if (!c.isEnum())
        {
            throw new IllegalArgumentException(className + " is not an enum");
        }
        return Enum.valueOf((Class)c, name);
    }

    @Override
    public void requireInitialized(final Class<?> type)
    {
        initializer.require(type);
    }

    public int size()
    {
        return blocks.size();
    }

    public Collection<BlockMeta> all()
    {
        return blocks.values();
    }

    /** The metas of every block of one object, linked as siblings. */
    private BlockMeta[] newMetas(final long objectId, final Object replica, final ClassLayout layout)
    {
        final BlockMeta[] all = new BlockMeta[layout.blockCount()];
        for (int k = 0; k < all.length; k++)
        {
            all[k] = new BlockMeta(BlockIds.block(objectId, k), self, faults, replica, layout,
                protocols.forLayout(layout), monitors);
            if (profiling)
            {
                all[k].profile = new BlockProfile();
            }
        }
        BlockMeta.siblings(all);
        return all;
    }
}
