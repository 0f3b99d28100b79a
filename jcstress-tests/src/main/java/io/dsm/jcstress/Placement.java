package io.dsm.jcstress;

/**
 * Which node's replica each actor uses for each shared object of a test. The JMM promise does not
 * depend on it: whichever replicas a program goes through, it must observe one memory. Each test
 * runs in the placements that exercise different paths of the protocol.
 */
enum Placement
{
    /**
     * Actor 0 uses node 0's replicas, actor 1 node 1's: every communication between the actors
     * goes through the protocol (node 0 is also the central manager and the creator of the
     * objects, so it starts as their owner).
     */
    ACROSS
    {
        @Override
        int node(final int actor, final int object)
        {
            return actor;
        }
    },

    /**
     * Both actors use node 1's replicas: local threads sharing one replica, on the node that is
     * neither manager nor creator. The first access to each object faults it over from node 0;
     * after that the actors race on one replica through the agent's state checks alone (and, in
     * tests whose arbiter reads through node 0, the blocks move away and back every round).
     */
    LOCAL
    {
        @Override
        int node(final int actor, final int object)
        {
            return 1;
        }
    },

    /**
     * Actor 0 uses node 0's replicas; actor 1 uses node 0's replica of object 0 (shared with
     * actor 0, one replica) and node 1's replica of object 1 (across nodes). So one object is
     * communicated through a local replica and the other through the protocol: for example in
     * message passing the flag is seen locally at once while the data must have been invalidated
     * on node 1 before the writer went on to set the flag; a write that returned before its
     * invalidations were done shows up as the forbidden "flag without data".
     */
    MIXED
    {
        @Override
        int node(final int actor, final int object)
        {
            return actor == 0 || object == 0 ? 0 : 1;
        }
    };

    /** The node whose replica {@code actor} (0 or 1) uses for {@code object} (0, 1, ...). */
    abstract int node(int actor, int object);
}
