package io.dsm.examples;

import java.util.concurrent.TimeUnit;

/**
 * A relay across N JVMs, written as ordinary Java: the nodes take turns appending a message to a
 * linked list in shared memory, then every node walks the whole list, objects that other JVMs
 * created, and checks the sum that the writers kept beside it.
 *
 * <p>Run it with {@code bin/dsm-run -n 3 -cp examples/target/dsm-examples.jar io.dsm.examples.RelayDemo}.
 * Arguments: {@code [nodes] [rounds]}; the node id comes from {@code -Ddsm.node.id}.
 */
public final class RelayDemo
{
    private static final long WAIT_LIMIT_NS = TimeUnit.SECONDS.toNanos(60);

    private RelayDemo()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        final int me = Integer.getInteger("dsm.node.id", 0);
        final Board board = Board.INSTANCE;

        for (int round = 0; round < rounds; round++)
        {
            final int myTurn = round * nodes + me;
            awaitTurn(board, myTurn);
            final long value = (me + 1) * 1000L + round;
            final Message m = new Message(me, "node " + me + " was here in round " + round, value);
            if (board.tail == null)
            {
                board.head = m;
            }
            else
            {
                board.tail.next = m;
            }
            board.tail = m;
            board.sum += value;
            board.count++;
            board.turn = myTurn + 1;
        }
        awaitTurn(board, rounds * nodes);

        long walkedSum = 0;
        int walked = 0;
        final StringBuilder authors = new StringBuilder();
        for (Message m = board.head; m != null; m = m.next)
        {
            walkedSum += m.value;
            walked++;
            authors.append(m.from);
            if (me == 0)
            {
                System.out.println("  " + walked + ". " + m.text + " (value " + m.value + ")");
            }
        }
        final boolean ok = walked == nodes * rounds && walked == board.count && walkedSum == board.sum;
        System.out.println("node " + me + " walked " + walked + " messages written by nodes [" + authors +
            "], sum " + walkedSum + ", board says count " + board.count + " sum " + board.sum + ": " + (ok ? "OK" : "MISMATCH"));
        if (!ok)
        {
            System.exit(1);
        }
    }

    private static void awaitTurn(final Board board, final int turn) throws InterruptedException
    {
        final long deadline = System.nanoTime() + WAIT_LIMIT_NS;
        while (board.turn < turn)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("waited 60 s for turn " + turn + "; the board is at turn " + board.turn);
            }
            Thread.sleep(1);
        }
    }
}
