package io.dsm.benchmarks.idle;

import java.util.concurrent.TimeUnit;

/**
 * A JVM that does nothing, for {@code benchmarks/run-idle-cpu.sh}, which measures what an idle dsm
 * cluster costs in CPU.
 *
 * <pre>
 *   java -javaagent:dsm-agent.jar=dsm.properties -Ddsm.node.id=N -cp dsm-benchmarks.jar io.dsm.benchmarks.idle.IdleMain node [LIMIT_S]
 *   java -cp dsm-benchmarks.jar io.dsm.benchmarks.idle.IdleMain plain [LIMIT_S]
 * </pre>
 *
 * {@code node}: the agent has already started this JVM's node and waited for every peer before
 * main; main binds one shared root and reads it (a protocol exchange with the manager), prints
 * {@code IDLE READY ...} and sleeps. {@code plain}: no agent, no dsm class is loaded; it prints the
 * same line and sleeps (the JVM's own idle noise). Either way it sleeps until SIGTERM (the node's
 * shutdown hook then leaves the cluster) or until LIMIT_S seconds (default 300) have passed since
 * the start, when main returns and the JVM exits the same way.
 */
public final class IdleMain
{
    private IdleMain()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final long start = System.nanoTime();
        final String mode = args.length > 0 ? args[0] : "node";
        final long limitS = args.length > 1 ? Long.parseLong(args[1]) : 300;
        final String what;
        switch (mode)
        {
            case "node":
                what = IdleNodeSide.bindAndRead();
                break;
            case "plain":
                what = "plain JVM, no agent";
                break;
            default:
                System.err.println("usage: IdleMain node|plain [LIMIT_S]");
                System.exit(2);
                return;
        }
        System.out.println("IDLE READY " + what + ", pid " + ProcessHandle.current().pid() + ", idle for at most " +
            limitS + " s");
        System.out.flush();
        final long deadline = start + TimeUnit.SECONDS.toNanos(limitS);
        long left;
        while ((left = deadline - System.nanoTime()) > 0)
        {
            Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
        System.out.println("IDLE time limit of " + limitS + " s reached; exiting");
    }
}
