package io.dsm.benchmarks.fastpath;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What cluster monitors cost an object that is not shared: the same {@code synchronized} loop over
 * 1024 distinct plain objects, in a fork with the agent (every {@code monitorenter}/{@code
 * monitorexit} of this class then also calls {@code Monitors.enter/exit}, which look the class up
 * and return) and in a fork without it (the JVM's monitor as compiled). Ratio = with / without.
 * Run from the repository root (the agent path is relative):
 * {@code java -jar benchmarks/target/dsm-benchmarks.jar MonitorBenchmark}. Do not pass
 * {@code -jvmArgsAppend}: it would put the agent into both forks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MonitorBenchmark
{
    private static final int OBJECTS = 1024;

    private final Object[] locks = new Object[OBJECTS];
    private long counter;

    @Setup
    public void setUp()
    {
        for (int i = 0; i < OBJECTS; i++)
        {
            locks[i] = new Object();
        }
    }

    @Benchmark
    @OperationsPerInvocation(OBJECTS)
    @Fork(value = 1, jvmArgsAppend = "-javaagent:agent/target/dsm-agent.jar")
    public long plainSynchronizedWithAgent()
    {
        return loop();
    }

    @Benchmark
    @OperationsPerInvocation(OBJECTS)
    @Fork(value = 1)
    public long plainSynchronizedWithoutAgent()
    {
        return loop();
    }

    private long loop()
    {
        long sum = 0;
        for (final Object lock : locks)
        {
            synchronized (lock)
            {
                sum += ++counter;
            }
        }
        return sum;
    }
}
