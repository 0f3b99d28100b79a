package io.dsm.benchmarks.grid;

import java.io.IOException;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Hazelcast's twin of {@link GridRecord}: four {@code long} fields, serialised as
 * {@code IdentifiedDataSerializable} (Hazelcast's fastest built-in serialisation for a class of
 * one's own: no reflection, no class name on the wire).
 */
public final class HzRecord implements IdentifiedDataSerializable
{
    long a;
    long b;
    long c;
    long d;

    public HzRecord()
    {
    }

    HzRecord(final long v)
    {
        a = v;
        b = v;
        c = v;
        d = v;
    }

    @Override
    public int getFactoryId()
    {
        return HzTypes.FACTORY_ID;
    }

    @Override
    public int getClassId()
    {
        return HzTypes.RECORD;
    }

    @Override
    public void writeData(final ObjectDataOutput out) throws IOException
    {
        out.writeLong(a);
        out.writeLong(b);
        out.writeLong(c);
        out.writeLong(d);
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        a = in.readLong();
        b = in.readLong();
        c = in.readLong();
        d = in.readLong();
    }
}
