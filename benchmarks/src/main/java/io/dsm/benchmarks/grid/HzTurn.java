package io.dsm.benchmarks.grid;

import java.io.IOException;
import java.util.Map;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * The turn-taking step on Hazelcast, run by the key's owner: increments the counter if its parity
 * is the caller's ({@link #ANY}: always) and returns the new value, else leaves it alone (no write,
 * no backup) and returns -1.
 */
public final class HzTurn implements EntryProcessor<String, Long, Long>, IdentifiedDataSerializable
{
    static final int ANY = 2;

    private int parity;

    public HzTurn()
    {
    }

    HzTurn(final int parity)
    {
        this.parity = parity;
    }

    @Override
    public Long process(final Map.Entry<String, Long> entry)
    {
        final Long old = entry.getValue();
        final long v = old == null ? 0 : old;
        if (parity != ANY && (v & 1) != parity)
        {
            return -1L;
        }
        entry.setValue(v + 1);
        return v + 1;
    }

    @Override
    public int getFactoryId()
    {
        return HzTypes.FACTORY_ID;
    }

    @Override
    public int getClassId()
    {
        return HzTypes.TURN;
    }

    @Override
    public void writeData(final ObjectDataOutput out) throws IOException
    {
        out.writeInt(parity);
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        parity = in.readInt();
    }
}
