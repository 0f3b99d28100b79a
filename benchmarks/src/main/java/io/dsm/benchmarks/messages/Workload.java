package io.dsm.benchmarks.messages;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A sharing pattern: which node makes which access to which object, one access at a time. Every
 * choice comes from a seeded random generator, so a run is deterministic. The generator may look at
 * the model (who owns an object now, who manages it) to put the roles where the pattern wants them.
 */
abstract class Workload
{
    /** One access. */
    static final class Step
    {
        final int object;
        final int node;
        final boolean write;

        Step(final int object, final int node, final boolean write)
        {
            this.object = object;
            this.node = node;
            this.write = write;
        }
    }

    static final List<String> PATTERNS = List.of("standard", "uniform", "read-mostly", "producer-consumer", "migratory");

    final int n;
    final int objects;
    final SplittableRandom random;
    final int[] ks;
    final ArrayDeque<Step> queue = new ArrayDeque<>();

    Workload(final int n, final int objects, final long seed)
    {
        this.n = n;
        this.objects = objects;
        this.random = new SplittableRandom(seed);
        this.ks = copyCounts(n);
    }

    /** The copy counts c measured at n nodes: 0, 1, 3 and n - 2 (every node but writer and owner), as far as n allows. */
    static int[] copyCounts(final int n)
    {
        return java.util.stream.IntStream.of(0, 1, 3, n - 2).filter(k -> k >= 0 && k <= n - 2).distinct().sorted().toArray();
    }

    static Workload of(final String pattern, final int n, final int objects, final int reps, final int accesses, final long seed)
    {
        switch (pattern)
        {
            case "standard": return new Standard(n, objects, reps, seed);
            case "uniform": return new Uniform(n, objects, accesses > 0 ? accesses : 24 * n, 0.3, seed);
            case "read-mostly": return new Uniform(n, objects, accesses > 0 ? accesses : 64 * n, 0.05, seed);
            case "producer-consumer": return new ProducerConsumer(n, objects, reps, seed);
            case "migratory": return new Migratory(n, objects, accesses > 0 ? accesses : 6 * n, seed);
            default: throw new IllegalArgumentException("unknown pattern " + pattern + "; one of " + PATTERNS);
        }
    }

    /** The node that creates object {@code j} (and owns it first). */
    int creator(final int j)
    {
        return random.nextInt(n);
    }

    /** The next access, or null at the end. */
    Step next(final ProtocolModel model)
    {
        if (queue.isEmpty())
        {
            refill(model);
        }
        return queue.pollFirst();
    }

    abstract void refill(ProtocolModel model);

    void read(final int object, final int node)
    {
        queue.addLast(new Step(object, node, false));
    }

    void write(final int object, final int node)
    {
        queue.addLast(new Step(object, node, true));
    }

    /** A random node not in {@code excluded}; -1 if there is none. */
    int pick(final int... excluded)
    {
        final List<Integer> pool = pool(excluded);
        return pool.isEmpty() ? -1 : pool.get(random.nextInt(pool.size()));
    }

    /** {@code k} random nodes, preferably outside {@code avoid}, never in {@code never}. */
    List<Integer> pickSome(final int k, final int[] never, final int... avoid)
    {
        final int[] both = java.util.stream.IntStream.concat(java.util.Arrays.stream(never), java.util.Arrays.stream(avoid)).toArray();
        final List<Integer> preferred = pool(both);
        final List<Integer> fallback = pool(never);
        fallback.removeAll(preferred);
        final List<Integer> chosen = new ArrayList<>();
        while (chosen.size() < k && !preferred.isEmpty())
        {
            chosen.add(preferred.remove(random.nextInt(preferred.size())));
        }
        while (chosen.size() < k && !fallback.isEmpty())
        {
            chosen.add(fallback.remove(random.nextInt(fallback.size())));
        }
        return chosen;
    }

    private List<Integer> pool(final int... excluded)
    {
        final List<Integer> pool = new ArrayList<>();
        outer:
        for (int i = 0; i < n; i++)
        {
            for (final int e : excluded)
            {
                if (e == i)
                {
                    continue outer;
                }
            }
            pool.add(i);
        }
        return pool;
    }

    /**
     * The fault kinds one by one. An episode on an object: k readers without a copy read it (read
     * faults; requester, manager and owner distinct where n allows), a writer that is neither owner
     * nor manager writes it (a write fault with c = k), k readers read again and the writer, now the
     * owner with a read-only copy, writes again (an owner's upgrade with c = k); last another node
     * reads it and writes it (a read fault and a write fault with c = 0). k runs over
     * {@link #copyCounts}, {@code reps} episodes each, the objects taking turns.
     */
    static final class Standard extends Workload
    {
        private final int reps;
        private int episode;

        Standard(final int n, final int objects, final int reps, final long seed)
        {
            super(n, objects, seed);
            this.reps = reps;
        }

        @Override
        void refill(final ProtocolModel model)
        {
            if (episode == reps * ks.length)
            {
                // last, every node reads every object back: read faults for the protocols whose
                // episodes leave no reader outside writer and home at n = 2 (central server, full
                // replication), and one more check that every node sees the last write
                episode++;
                for (int object = 0; object < objects; object++)
                {
                    for (int node = 0; node < n; node++)
                    {
                        read(object, node);
                    }
                }
                return;
            }
            if (episode > reps * ks.length)
            {
                return;
            }
            final int k = ks[episode / reps];
            final int object = episode % objects;
            episode++;
            final int owner = model.owner(object);
            final int manager = model.manager(object);
            int writer = pick(owner, manager);
            if (writer < 0)
            {
                writer = pick(owner);
            }
            for (final int r : pickSome(k, new int[] {writer, owner}, manager))
            {
                read(object, r);
            }
            write(object, writer);
            for (final int r : pickSome(k, new int[] {writer}, manager))
            {
                read(object, r);
            }
            write(object, writer);
            // a read fault that exists at every n (at n = 2 no reader is neither owner nor manager), then
            // that reader's write with c = 0, which leaves one owner and no copies for the next episode
            int reader = pick(writer, manager);
            if (reader < 0)
            {
                reader = pick(writer);
            }
            read(object, reader);
            write(object, reader);
        }
    }

    /** Random object, random node, a write with a given probability (uniform: 0.3, 24n accesses; read-mostly: 0.05, 64n). */
    static final class Uniform extends Workload
    {
        private final double writeFraction;
        private int left;

        Uniform(final int n, final int objects, final int accesses, final double writeFraction, final long seed)
        {
            super(n, objects, seed);
            this.writeFraction = writeFraction;
            this.left = accesses;
        }

        @Override
        void refill(final ProtocolModel model)
        {
            if (left-- > 0)
            {
                final int object = random.nextInt(objects);
                final int node = random.nextInt(n);
                if (random.nextDouble() < writeFraction)
                {
                    write(object, node);
                }
                else
                {
                    read(object, node);
                }
            }
        }
    }

    /**
     * Each object has one producer (its creator) that writes it; after each write k consumers read
     * it, k running over 1, 3 and n - 1. The producer's later writes are upgrades of its read copy
     * with c = k.
     */
    static final class ProducerConsumer extends Workload
    {
        private final int rounds;
        private final int[] producers;
        private final int[] consumers;
        private int round;
        private int objectInRound;

        ProducerConsumer(final int n, final int objects, final int reps, final long seed)
        {
            super(n, objects, seed);
            // consumers: 1, 3 and every node but the producer, as far as n allows
            this.consumers = java.util.stream.IntStream.of(1, 3, n - 1).filter(k -> k <= n - 1).distinct().sorted().toArray();
            this.rounds = reps * consumers.length;
            this.producers = new int[objects];
            final List<Integer> order = pickSome(n, new int[0]);
            for (int j = 0; j < objects; j++)
            {
                producers[j] = order.get(j % n);
            }
        }

        @Override
        int creator(final int j)
        {
            return producers[j];
        }

        @Override
        void refill(final ProtocolModel model)
        {
            if (round >= rounds)
            {
                return;
            }
            final int object = objectInRound;
            final int k = consumers[round % consumers.length];
            if (++objectInRound == objects)
            {
                objectInRound = 0;
                round++;
            }
            write(object, producers[object]);
            for (final int r : pickSome(k, new int[] {producers[object]}))
            {
                read(object, r);
            }
        }
    }

    /** Each object travels: a random node other than the last one reads it, then writes it. */
    static final class Migratory extends Workload
    {
        private int left;
        private final int[] last;

        Migratory(final int n, final int objects, final int handOffs, final long seed)
        {
            super(n, objects, seed);
            this.left = handOffs;
            this.last = new int[objects];
            java.util.Arrays.fill(last, -1);
        }

        @Override
        void refill(final ProtocolModel model)
        {
            if (left-- > 0)
            {
                final int object = left % objects;
                final int node = pick(last[object] < 0 ? model.creator(object) : last[object]);
                last[object] = node;
                read(object, node);
                write(object, node);
            }
        }
    }
}
