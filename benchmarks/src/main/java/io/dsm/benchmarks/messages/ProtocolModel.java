package io.dsm.benchmarks.messages;

import java.util.ArrayList;
import java.util.List;

import io.dsm.api.Protocol;
import io.dsm.runtime.protocol.ManagerLocator;

import static io.dsm.benchmarks.messages.Prediction.ACCESS_REQUEST;
import static io.dsm.benchmarks.messages.Prediction.BLOCK_GRANT;
import static io.dsm.benchmarks.messages.Prediction.CONFIRM;
import static io.dsm.benchmarks.messages.Prediction.FIELD_WRITE;
import static io.dsm.benchmarks.messages.Prediction.FIELD_WRITE_ACK;
import static io.dsm.benchmarks.messages.Prediction.INVALIDATE;
import static io.dsm.benchmarks.messages.Prediction.INVALIDATE_ACK;
import static io.dsm.benchmarks.messages.Prediction.OWNER_CHANGED;
import static io.dsm.benchmarks.messages.Prediction.OWNER_IS;

/**
 * The expected message count of every access, from the message diagram in each protocol class's
 * javadoc, by replaying the same accesses on a model of the protocol's state (owner, copyset,
 * manager, probable owners, which nodes hold copies). The model is written from the documented
 * diagrams, not from the code paths, so a difference between it and the counters is either a
 * runtime that does not do what its javadoc says or a diagram that does not say what the runtime
 * does; the benchmark prints both.
 *
 * <p>Li and Hudak's count ({@link Prediction#lh}) is the same fault's messages in their algorithm:
 * locating the owner, transferring the page and invalidating copies (2 per copy, invalidation and
 * acknowledgement). The confirmation our managed protocols send to end the manager's serialisation
 * of a block is not in it. For the four-message central manager it is Tanenbaum's figure for Li and
 * Hudak's scheme (request, owner's name, request, page).
 */
abstract class ProtocolModel
{
    static final int NONE = 0;
    static final int READ = 1;
    static final int WRITE = 2;

    final int n;
    /** Per object: creator, block id, manager (-1 without one). */
    final List<int[]> objects = new ArrayList<>();
    final List<Long> ids = new ArrayList<>();

    ProtocolModel(final int n)
    {
        this.n = n;
    }

    /** A new object, created (and first owned) by {@code creator}. */
    void register(final int creator, final long id)
    {
        objects.add(new int[] {creator, managerOf(creator, id)});
        ids.add(id);
        onRegister(objects.size() - 1, creator);
    }

    abstract void onRegister(int object, int creator);

    /** The node that manages, serves or sequences the object; -1 if the protocol has no such node. */
    int manager(final int object)
    {
        return objects.get(object)[1];
    }

    int creator(final int object)
    {
        return objects.get(object)[0];
    }

    /** The node that holds the authoritative copy now (central server: its home). */
    abstract int owner(int object);

    /** Predicts the access and updates the model as if it happened. */
    abstract Prediction access(int object, int node, boolean write);

    int managerOf(final int creator, final long id)
    {
        return -1;
    }

    static ProtocolModel of(final Protocol protocol, final int n, final int managerNode, final int broadcastEvery)
    {
        switch (protocol)
        {
            case CENTRAL_SERVER: return new CentralServer(n);
            case MIGRATION: return new Migration(n, managerNode);
            case IVY_BROADCAST: return new Broadcast(n);
            case IVY_CENTRAL_MANAGER: return new Managed(n, true, Locator.central(managerNode));
            case IVY_FORWARDING_MANAGER: return new Managed(n, false, Locator.central(managerNode));
            case IVY_FIXED_LOW_BITS: return new Managed(n, false, Locator.runtime("lowBits", n));
            case IVY_FIXED_HIGH_BITS: return new Managed(n, false, Locator.runtime("highBits", n));
            case IVY_FIXED_HASH: return new Managed(n, false, Locator.runtime("hash", n));
            case IVY_DYNAMIC: return new Dynamic(n, broadcastEvery);
            case FULL_REPLICATION: return new FullReplication(n, managerNode);
            default: throw new IllegalArgumentException("no model for " + protocol);
        }
    }

    // ------------------------------------------------------------------ managers

    /** Which node manages a block. */
    interface Locator
    {
        int managerOf(int creator, long id);

        static Locator central(final int manager)
        {
            return (creator, id) -> manager;
        }

        /**
         * One of the runtime's fixed distributed locators (low bits, high bits, hash), so the
         * model uses the very mapping the nodes use. Low and high bits are also checked against
         * their documented definitions: the low-order bits of the block's sequence number, and the
         * creating node.
         */
        static Locator runtime(final String method, final int n)
        {
            final int[] members = new int[n];
            for (int i = 0; i < n; i++)
            {
                members[i] = i;
            }
            final ManagerLocator locator;
            switch (method)
            {
                case "lowBits": locator = ManagerLocator.lowBits(members); break;
                case "highBits": locator = ManagerLocator.highBits(members); break;
                case "hash": locator = ManagerLocator.hash(members); break;
                default: throw new IllegalArgumentException("no locator " + method);
            }
            return (creator, id) ->
            {
                final int m = locator.managerOf(id);
                final long sequence = id & ((1L << 48) - 1);
                final int documented = "lowBits".equals(method) ? (int)(sequence % n) :
                    "highBits".equals(method) ? creator : m;
                if (documented != m)
                {
                    System.out.println("WARNING: ManagerLocator." + method + " maps block " + Long.toHexString(id) +
                        " to node " + m + ", its documentation to node " + documented);
                }
                return m;
            };
        }
    }

    // ------------------------------------------------------------------ central server

    /**
     * No copies: the home (creator) holds the data. Remote read: AccessRequest, BlockGrant; remote
     * write: FieldWrite, FieldWriteAck; every remote access, none at the home.
     */
    static final class CentralServer extends ProtocolModel
    {
        CentralServer(final int n)
        {
            super(n);
        }

        @Override
        void onRegister(final int object, final int creator)
        {
        }

        @Override
        int managerOf(final int creator, final long id)
        {
            return creator;
        }

        @Override
        int owner(final int object)
        {
            return creator(object);
        }

        @Override
        Prediction access(final int object, final int node, final boolean write)
        {
            final Prediction p = new Prediction(write);
            final int server = creator(object);
            if (node == server)
            {
                return p;
            }
            if (write)
            {
                p.fault(Prediction.WRITE);
                p.msg(node, server, FIELD_WRITE);
                p.msg(server, node, FIELD_WRITE_ACK);
            }
            else
            {
                p.fault(Prediction.READ);
                p.msg(node, server, ACCESS_REQUEST);
                p.msg(server, node, BLOCK_GRANT);
            }
            return p;
        }
    }

    // ------------------------------------------------------------------ migration

    /**
     * One copy that moves on every fault, read or write: AccessRequest to the manager, forwarded to
     * the owner, BlockGrant to the requester, Confirm to the manager.
     */
    static final class Migration extends ProtocolModel
    {
        private final int managerNode;
        private final List<int[]> owner = new ArrayList<>();

        Migration(final int n, final int managerNode)
        {
            super(n);
            this.managerNode = managerNode;
        }

        @Override
        int managerOf(final int creator, final long id)
        {
            return managerNode;
        }

        @Override
        void onRegister(final int object, final int creator)
        {
            owner.add(new int[] {creator});
        }

        @Override
        int owner(final int object)
        {
            return owner.get(object)[0];
        }

        @Override
        Prediction access(final int object, final int node, final boolean write)
        {
            final Prediction p = new Prediction(write);
            final int o = owner(object);
            if (node == o)
            {
                return p;
            }
            final int m = manager(object);
            p.fault(write ? Prediction.WRITE : Prediction.READ);
            p.roles = Prediction.roles(node, m, o);
            p.msg(node, m, ACCESS_REQUEST);
            p.msg(m, o, ACCESS_REQUEST);
            p.msg(o, node, BLOCK_GRANT);
            p.msg(node, m, CONFIRM);
            p.lh = p.total() - p.expected[CONFIRM];
            owner.get(object)[0] = node;
            return p;
        }
    }

    // ------------------------------------------------------------------ read replication, common state

    /** Owner, copyset and every node's access mode of one block, for the write-invalidate protocols. */
    static final class Block
    {
        int owner;
        long copyset;
        final int[] mode;
        /** Dynamic manager: each node's probable owner; the owner's ownership changes. */
        final int[] probOwner;
        int changes;

        Block(final int n, final int creator)
        {
            owner = creator;
            mode = new int[n];
            mode[creator] = WRITE;
            probOwner = new int[n];
            java.util.Arrays.fill(probOwner, creator);
        }

        /** Invalidates every node of {@code targets}: Invalidate and InvalidateAck between it and {@code from}. */
        int invalidate(final Prediction p, final int from, final long targets)
        {
            int c = 0;
            for (long t = targets; t != 0; t &= t - 1)
            {
                final int node = Long.numberOfTrailingZeros(t);
                p.msg(from, node, INVALIDATE);
                p.msg(node, from, INVALIDATE_ACK);
                mode[node] = NONE;
                c++;
            }
            return c;
        }
    }

    abstract static class ReadReplication extends ProtocolModel
    {
        final List<Block> blocks = new ArrayList<>();

        ReadReplication(final int n)
        {
            super(n);
        }

        @Override
        void onRegister(final int object, final int creator)
        {
            blocks.add(new Block(n, creator));
        }

        @Override
        int owner(final int object)
        {
            return blocks.get(object).owner;
        }

        @Override
        final Prediction access(final int object, final int node, final boolean write)
        {
            final Block b = blocks.get(object);
            final Prediction p = new Prediction(write);
            if (b.mode[node] == WRITE || (!write && b.mode[node] == READ))
            {
                return p;
            }
            if (!write)
            {
                p.fault(Prediction.READ);
                read(object, b, node, p);
                b.copyset |= 1L << node;
                b.mode[b.owner] = READ;
                b.mode[node] = READ;
            }
            else if (node == b.owner)
            {
                p.fault(Prediction.UPGRADE);
                upgrade(object, b, node, p);
                b.copyset = 0;
                b.mode[node] = WRITE;
            }
            else
            {
                p.fault(Prediction.WRITE);
                final int old = b.owner;
                write(object, b, node, p);
                b.mode[old] = NONE;
                b.owner = node;
                b.copyset = 0;
                b.mode[node] = WRITE;
            }
            return p;
        }

        abstract void read(int object, Block b, int requester, Prediction p);

        abstract void write(int object, Block b, int requester, Prediction p);

        abstract void upgrade(int object, Block b, int owner, Prediction p);
    }

    // ------------------------------------------------------------------ managers: lookup, forwarding, fixed

    /**
     * A manager per block that serialises requests and keeps owner and copyset. Forwarding: the
     * manager forwards the request to the owner. Lookup (four-message): the manager answers OwnerIs
     * and the requester asks the owner itself. A write first has the manager invalidate the copyset
     * (Invalidate and InvalidateAck per copy). Every fault ends with a Confirm to the manager.
     */
    static final class Managed extends ReadReplication
    {
        private final boolean lookup;
        private final Locator locator;

        Managed(final int n, final boolean lookup, final Locator locator)
        {
            super(n);
            this.lookup = lookup;
            this.locator = locator;
        }

        @Override
        int managerOf(final int creator, final long id)
        {
            return locator.managerOf(creator, id);
        }

        private void connect(final int m, final int owner, final int requester, final Prediction p)
        {
            if (lookup)
            {
                p.msg(m, requester, OWNER_IS);
                p.msg(requester, owner, ACCESS_REQUEST);
            }
            else
            {
                p.msg(m, owner, ACCESS_REQUEST);
            }
        }

        @Override
        void read(final int object, final Block b, final int r, final Prediction p)
        {
            final int m = manager(object);
            p.roles = Prediction.roles(r, m, b.owner);
            p.msg(r, m, ACCESS_REQUEST);
            connect(m, b.owner, r, p);
            p.msg(b.owner, r, BLOCK_GRANT);
            p.msg(r, m, CONFIRM);
            p.lh = p.total() - p.expected[CONFIRM];
        }

        @Override
        void write(final int object, final Block b, final int r, final Prediction p)
        {
            final int m = manager(object);
            p.roles = Prediction.roles(r, m, b.owner);
            p.msg(r, m, ACCESS_REQUEST);
            p.c = b.invalidate(p, m, b.copyset & ~(1L << r) & ~(1L << b.owner));
            connect(m, b.owner, r, p);
            p.msg(b.owner, r, BLOCK_GRANT);
            p.msg(r, m, CONFIRM);
            p.lh = p.total() - p.expected[CONFIRM];
        }

        @Override
        void upgrade(final int object, final Block b, final int r, final Prediction p)
        {
            final int m = manager(object);
            p.roles = Prediction.roles(r, m, -1);
            p.msg(r, m, ACCESS_REQUEST);
            p.c = b.invalidate(p, m, b.copyset & ~(1L << r));
            connect(m, r, r, p); // the owner is the requester: no data moves
            p.msg(r, m, CONFIRM);
            p.lh = p.total() - p.expected[CONFIRM];
        }
    }

    // ------------------------------------------------------------------ broadcast

    /**
     * The requester sends its request to every other node (n - 1); the owner invalidates its
     * copyset for a write (2 per copy) and answers with one BlockGrant. An owner that upgrades its
     * own read copy asks nobody.
     */
    static final class Broadcast extends ReadReplication
    {
        Broadcast(final int n)
        {
            super(n);
        }

        private void broadcast(final int r, final Prediction p)
        {
            for (int m = 0; m < n; m++)
            {
                p.msg(r, m, ACCESS_REQUEST);
            }
            p.hops = p.expected[ACCESS_REQUEST];
        }

        @Override
        void read(final int object, final Block b, final int r, final Prediction p)
        {
            broadcast(r, p);
            p.msg(b.owner, r, BLOCK_GRANT);
            p.lh = p.total();
        }

        @Override
        void write(final int object, final Block b, final int r, final Prediction p)
        {
            broadcast(r, p);
            p.c = b.invalidate(p, b.owner, b.copyset & ~(1L << r) & ~(1L << b.owner));
            p.msg(b.owner, r, BLOCK_GRANT);
            p.lh = p.total();
        }

        @Override
        void upgrade(final int object, final Block b, final int r, final Prediction p)
        {
            p.c = b.invalidate(p, r, b.copyset & ~(1L << r));
            p.hops = 0;
            p.lh = p.total();
        }
    }

    // ------------------------------------------------------------------ dynamic distributed manager

    /**
     * The request follows probable owners (one AccessRequest per hop; a node forwarding a write
     * points its probable owner at the requester); the owner answers with one BlockGrant, for a
     * write with the copyset, which the new owner invalidates (2 per copy, each invalidated node
     * learns the new owner). Every {@code broadcastEvery} ownership changes the new owner sends
     * OwnerChanged to every other node.
     */
    static final class Dynamic extends ReadReplication
    {
        private final int broadcastEvery;

        Dynamic(final int n, final int broadcastEvery)
        {
            super(n);
            this.broadcastEvery = broadcastEvery;
        }

        /** Follows the chain from the requester to the owner; returns the number of hops. */
        private long chain(final Block b, final int r, final boolean write, final Prediction p)
        {
            int x = b.probOwner[r];
            p.msg(r, x, ACCESS_REQUEST);
            long hops = 1;
            while (x != b.owner)
            {
                final int next = b.probOwner[x];
                p.msg(x, next, ACCESS_REQUEST);
                if (write)
                {
                    b.probOwner[x] = r;
                }
                x = next;
                if (++hops > 2L * n)
                {
                    throw new IllegalStateException("model: probable-owner chain from node " + r + " does not reach owner " + b.owner);
                }
            }
            return hops;
        }

        @Override
        void read(final int object, final Block b, final int r, final Prediction p)
        {
            p.hops = chain(b, r, false, p);
            p.msg(b.owner, r, BLOCK_GRANT);
            b.probOwner[r] = b.owner;
            p.lh = p.total();
        }

        @Override
        void write(final int object, final Block b, final int r, final Prediction p)
        {
            final int old = b.owner;
            p.hops = chain(b, r, true, p);
            p.msg(old, r, BLOCK_GRANT);
            b.probOwner[old] = r;
            b.probOwner[r] = r;
            b.changes++;
            if (broadcastEvery > 0 && b.changes % broadcastEvery == 0)
            {
                for (int m = 0; m < n; m++)
                {
                    p.msg(r, m, OWNER_CHANGED);
                    b.probOwner[m] = r;
                }
            }
            final long targets = b.copyset & ~(1L << r);
            for (long t = targets; t != 0; t &= t - 1)
            {
                b.probOwner[Long.numberOfTrailingZeros(t)] = r;
            }
            p.c = b.invalidate(p, r, targets);
            p.lh = p.total();
        }

        @Override
        void upgrade(final int object, final Block b, final int r, final Prediction p)
        {
            final long targets = b.copyset & ~(1L << r);
            for (long t = targets; t != 0; t &= t - 1)
            {
                b.probOwner[Long.numberOfTrailingZeros(t)] = r;
            }
            p.c = b.invalidate(p, r, targets);
            p.hops = 0;
            p.lh = p.total();
        }
    }

    // ------------------------------------------------------------------ full replication

    /**
     * Write-update through a sequencer Q. A node's first read: AccessRequest to Q, BlockGrant back.
     * Before Q serves the first read or sequences the first write of a block it fetches its own copy
     * from the creator (AccessRequest, BlockGrant). A
     * write: FieldWrite to Q, then a FieldWrite from Q to every other node (n - 1); a writer without
     * a copy first reads one.
     */
    static final class FullReplication extends ProtocolModel
    {
        private final int sequencer;
        private final List<boolean[]> hasCopy = new ArrayList<>();

        FullReplication(final int n, final int sequencer)
        {
            super(n);
            this.sequencer = sequencer;
        }

        @Override
        int managerOf(final int creator, final long id)
        {
            return sequencer;
        }

        @Override
        void onRegister(final int object, final int creator)
        {
            final boolean[] has = new boolean[n];
            has[creator] = true;
            hasCopy.add(has);
        }

        @Override
        int owner(final int object)
        {
            return creator(object);
        }

        /** The sequencer fetches its first copy from the creator before it serves a read or sequences a write. */
        private void sequencerCopy(final int object, final Prediction p)
        {
            final boolean[] has = hasCopy.get(object);
            if (!has[sequencer])
            {
                p.msg(sequencer, creator(object), ACCESS_REQUEST);
                p.msg(creator(object), sequencer, BLOCK_GRANT);
                has[sequencer] = true;
                p.roles = "Q fetches";
            }
        }

        private void firstRead(final int object, final int r, final Prediction p)
        {
            p.msg(r, sequencer, ACCESS_REQUEST);
            sequencerCopy(object, p);
            p.msg(sequencer, r, BLOCK_GRANT);
            hasCopy.get(object)[r] = true;
        }

        @Override
        Prediction access(final int object, final int node, final boolean write)
        {
            final Prediction p = new Prediction(write);
            final boolean[] has = hasCopy.get(object);
            if (!write)
            {
                if (has[node])
                {
                    return p;
                }
                p.fault(Prediction.READ);
                firstRead(object, node, p);
            }
            else
            {
                p.fault(has[node] ? Prediction.WRITE : Prediction.WRITE_NO_COPY);
                if (!has[node])
                {
                    firstRead(object, node, p);
                }
                p.msg(node, sequencer, FIELD_WRITE);
                sequencerCopy(object, p);
                for (int m = 0; m < n; m++)
                {
                    p.msg(sequencer, m, FIELD_WRITE);
                }
            }
            if (node == sequencer)
            {
                p.roles = p.roles.isEmpty() ? "R=Q" : "R=Q," + p.roles;
            }
            return p;
        }
    }
}
