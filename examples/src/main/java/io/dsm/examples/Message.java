package io.dsm.examples;

import io.dsm.api.Shared;

/** One link of a list that all nodes append to and every node walks. */
@Shared
public class Message
{
    public final int from;
    public final String text;
    public final long value;
    public Message next;

    public Message(final int from, final String text, final long value)
    {
        this.from = from;
        this.text = text;
        this.value = value;
    }
}
