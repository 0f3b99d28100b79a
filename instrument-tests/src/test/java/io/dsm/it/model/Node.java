package io.dsm.it.model;

import io.dsm.api.Shared;

/** A linked list cell whose constructor links a fresh successor chain. */
@Shared
public class Node
{
    public final int index;
    public Node next;
    public volatile int visits;

    public Node(final int index)
    {
        this.index = index;
    }

    public Node(final int index, final int chain)
    {
        this.index = index;
        this.next = chain > 1 ? new Node(index + 1, chain - 1) : null;
    }

    public int length()
    {
        int n = 0;
        for (Node c = this; c != null; c = c.next)
        {
            n++;
        }
        return n;
    }
}
