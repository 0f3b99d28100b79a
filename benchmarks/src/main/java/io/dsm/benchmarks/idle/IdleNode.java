package io.dsm.benchmarks.idle;

import io.dsm.api.Dsm;
import io.dsm.api.Shared;

/**
 * A node with no application work: it binds one shared root (so every node has talked to the
 * manager), prints {@code READY <pid>}, and sleeps for the given seconds. run-idle-cpu.sh measures
 * the CPU its JVM uses meanwhile.
 */
public final class IdleNode
{
    /** The one shared object. */
    @Shared
    public static final class Marker
    {
        public long value;
    }

    private IdleNode()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final long seconds = args.length > 0 ? Long.parseLong(args[0]) : 60;
        final Marker marker = Dsm.root("idle-marker", Marker::new);
        System.out.println("READY " + ProcessHandle.current().pid() + " node " + Dsm.node().id() + " sees " + marker.value);
        Thread.sleep(seconds * 1000);
    }
}
