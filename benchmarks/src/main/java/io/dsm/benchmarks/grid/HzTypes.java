package io.dsm.benchmarks.grid;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/** The factory of the grid benchmark's {@code IdentifiedDataSerializable} classes, registered on every member. */
final class HzTypes implements DataSerializableFactory
{
    static final int FACTORY_ID = 4711;
    static final int RECORD = 1;
    static final int TURN = 2;

    @Override
    public IdentifiedDataSerializable create(final int typeId)
    {
        switch (typeId)
        {
            case RECORD: return new HzRecord();
            case TURN: return new HzTurn();
            default: throw new IllegalArgumentException("no grid benchmark type " + typeId);
        }
    }
}
