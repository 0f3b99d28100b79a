package io.dsm.runtime.sync;

import io.dsm.runtime.block.BlockIds;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A class's cluster lock never shares an id with an object's lock (block 0 of the object). */
class ClassLockIdTest
{
    @Test
    void classLocksAndObjectLocksAreDisjoint()
    {
        for (final String name : new String[] {"io.example.Counter", "a", "", "java.lang.Object"})
        {
            final long classLock = LockService.classLockId(0, name);
            final long sameSequenceObject = BlockIds.make(0, name.hashCode() & 0xFFFF_FFFFL);
            assertNotEquals(sameSequenceObject, classLock, name);
            assertEquals(0, BlockIds.index(classLock), name + ": a lock id names no block within an object");
            assertEquals(0, BlockIds.creator(classLock));
            assertTrue(BlockIds.isValid(classLock), name);
        }
    }
}
