package io.dsm.examples.counters;

import java.util.concurrent.TimeUnit;

import io.dsm.api.Dsm;
import io.dsm.runtime.DsmNode;

/**
 * Two JVMs each increment their own {@code long} of one shared object for a while, the
 * false-sharing workload of issue 13. Run on nodes 0 and 1:
 * {@code TwoCounters <one|annotated|objects> <seconds>}; {@code one} keeps both counters in one
 * block (split it with a layout file to try the optimizer's layout), {@code annotated} splits them
 * by {@code @Block}, {@code objects} puts them in two objects. Prints increments per ms and block
 * grants per second, and checks that no increment was lost.
 */
public final class TwoCounters
{
    private TwoCounters()
    {
    }

    public static void main(final String[] args)
    {
        if (args.length != 2 || !(args[0].equals("one") || args[0].equals("annotated") || args[0].equals("objects")))
        {
            System.err.println("usage: TwoCounters <one|annotated|objects> <seconds>");
            System.exit(2);
        }
        final String mode = args[0];
        final long runNs = TimeUnit.SECONDS.toNanos(Long.parseLong(args[1]));
        final int self = Dsm.node().id();
        if (self > 1)
        {
            System.err.println("TwoCounters runs on nodes 0 and 1; this is node " + self);
            System.exit(2);
        }
        final Counters counters = Counters.of(mode);
        final Finish finish = Dsm.root("two-counters-finish", Finish::new);
        final DsmNode node = (DsmNode)Dsm.node();
        final long grantsBefore = node.counters().received("BlockGrant");
        final long start = System.nanoTime();
        long increments = 0;
        long now;
        do
        {
            for (int i = 0; i < 1000; i++)
            {
                counters.increment(self);
            }
            increments += 1000;
            now = System.nanoTime();
        }
        while (now - start < runNs);
        final double ms = (now - start) / 1e6;
        final long grants = node.counters().received("BlockGrant") - grantsBefore;
        if (self == 0)
        {
            finish.node0 = true;
        }
        else
        {
            finish.node1 = true;
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(finish.node0 && finish.node1) && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
        }
        final long mine = counters.get(self);
        final boolean ok = mine == increments;
        System.out.printf("node %d mode %s: %d increments in %.0f ms = %.0f per ms; block grants received %d = %.0f per s;" +
            " own counter %d, other node's counter %d: %s%n", self, mode, increments, ms, increments / ms, grants,
            grants / (ms / 1000), mine, counters.get(1 - self), ok ? "OK" : "LOST " + (increments - mine));
        if (!ok)
        {
            System.exit(1);
        }
    }

    /** The counters of one mode, behind one interface so the loop is the same for all three. */
    private interface Counters
    {
        void increment(int node);

        long get(int node);

        static Counters of(final String mode)
        {
            switch (mode)
            {
                case "one":
                {
                    final OneBlockCounters c = Dsm.root("two-counters-one", OneBlockCounters::new);
                    return new Counters()
                    {
                        public void increment(final int node)
                        {
                            if (node == 0) c.a++; else c.b++;
                        }

                        public long get(final int node)
                        {
                            return node == 0 ? c.a : c.b;
                        }
                    };
                }
                case "annotated":
                {
                    final AnnotatedCounters c = Dsm.root("two-counters-annotated", AnnotatedCounters::new);
                    return new Counters()
                    {
                        public void increment(final int node)
                        {
                            if (node == 0) c.a++; else c.b++;
                        }

                        public long get(final int node)
                        {
                            return node == 0 ? c.a : c.b;
                        }
                    };
                }
                default:
                {
                    final SeparateCounter[] c = {Dsm.root("two-counters-0", SeparateCounter::new),
                        Dsm.root("two-counters-1", SeparateCounter::new)};
                    return new Counters()
                    {
                        public void increment(final int node)
                        {
                            c[node].n++;
                        }

                        public long get(final int node)
                        {
                            return c[node].n;
                        }
                    };
                }
            }
        }
    }
}
