package io.dsm.it.consistency;

/** One thread's part in every round: set up outside the race, then race the other roles. */
interface Role
{
    /** Before the rendezvous: find this round's objects (and warm a copy, if the test wants one). */
    void prepare(int round);

    /** After the rendezvous, concurrently with the other roles. */
    void act(int round);
}
