package io.dsm.examples;

import io.dsm.api.Shared;

/**
 * The relay's shared state. {@code INSTANCE} is a static field of a shared class, so it is a
 * cluster-wide root: every JVM runs this initialiser, the first assignment in the cluster wins
 * and the others take that board.
 */
@Shared
public class Board
{
    public static final Board INSTANCE = new Board();

    /** Whose turn it is: turn t belongs to node t % nodes. */
    public volatile int turn;
    public Message head;
    public Message tail;
    public long sum;
    public int count;
}
