package io.dsm.benchmarks.idle;

/** The reference for run-idle-cpu.sh: a JVM without the agent that prints {@code READY <pid>} and sleeps. */
public final class Sleeper
{
    private Sleeper()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        System.out.println("READY " + ProcessHandle.current().pid());
        Thread.sleep((args.length > 0 ? Long.parseLong(args[0]) : 60) * 1000);
    }
}
