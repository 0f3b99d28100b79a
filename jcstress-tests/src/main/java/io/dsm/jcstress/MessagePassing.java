package io.dsm.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import io.dsm.api.Shared;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Message passing across nodes. The writer, on node 0, stores a plain {@code data} and then
 * releases it with a volatile {@code flag}; the reader, on node 1, acquires the flag and then
 * reads the data. Seeing the flag's new value synchronises with its write, so the data write
 * happens before the data read: the flag without the data is forbidden (JLS 17.4.5).
 *
 * <p>r1 is the flag, r2 the data, each 1 when new and 0 when old; see {@link Ring} for how
 * values written over reused objects are told apart.
 */
@JCStressTest
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The reader ran before the writer.")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "The reader missed the flag but saw the data: a race on data, allowed.")
@Outcome(id = "1, 1", expect = ACCEPTABLE_INTERESTING, desc = "Node 1 saw node 0's flag and data: the message got across.")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Flag seen but the data it published is stale: release/acquire broken across nodes.")
@State
public class MessagePassing
{
    private static final Ring<Message> RING = new Ring<>("jcstress-mp", Message::new);

    private final Message onWriterNode;
    private final Message onReaderNode;
    private int written;

    public MessagePassing()
    {
        final int slot = RING.nextSlot();
        onWriterNode = RING.onWriterNode(slot);
        onReaderNode = RING.onReaderNode(slot);
    }

    @Actor
    public void writer()
    {
        final int v = RING.nextValue();
        written = v;
        final Message m = onWriterNode;
        m.data = v;
        m.flag = v;
    }

    @Actor
    public void reader(final II_Result r)
    {
        final Message m = onReaderNode;
        r.r1 = m.flag;
        r.r2 = m.data;
    }

    @Arbiter
    public void arbiter(final II_Result r)
    {
        r.r1 = Ring.isNew(r.r1, written);
        r.r2 = Ring.isNew(r.r2, written);
    }

    /** The shared object: both fields in one block. */
    @Shared
    public static class Message
    {
        int data;
        volatile int flag;
    }
}
