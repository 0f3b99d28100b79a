package io.dsm.benchmarks.fastpath;

import java.lang.invoke.VarHandle;
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

import io.dsm.runtime.block.BlockState;
import io.dsm.runtime.block.WriteMode;

/**
 * The announced write path (issue 14) against the same code on the plain class, every shape in
 * one JMH run per write mode and JDK (run-write-path.sh runs {@code -Ddsm.writes=asym} and
 * {@code -Ddsm.writes=cas} on JDK 17 and 25). Ratio = shared / plain of the same run.
 *
 * <p>Methods are named shape first ({@code writeManyPlain}, {@code writeManyShared}): JMH runs them in
 * name order, so each shared method runs right after its plain baseline and meets the same load.
 * <ul>
 * <li>{@code writeMany*}: one write to each of 4096 objects, the loop in the benchmark method, so
 *     the agent's WriterSlotHoister holds the thread's slot in a local (target: at most 1.5x);</li>
 * <li>{@code writeOne*}: 1024 writes to one object through 1024 references (target: at most 2.5x);</li>
 * <li>{@code setterMany*} / {@code setterOne*}: the same loops, but each write is in a small
 *     static method without a loop ({@link #set(SharedPoint, int)}), which the hoister leaves
 *     alone: its accessor looks the slot up in the thread local on every call (C2 inlines the
 *     setter into the loop, but cannot hoist the lookup past the accessor's barriers);</li>
 * <li>{@code writeManyCas}: the shared objects put into state WRITE_CAS (8), what a block that
 *     moves often (or every shared block in cas mode) is granted: a CAS per write; against
 *     {@code writeManyPlain};</li>
 * <li>{@code readOne*} / {@code readMany*}: reads, which the write path must leave unchanged.</li>
 * </ul>
 * The objects here were never shared: state 0 (WRITE), so in asym mode writes announce with
 * opaque stores, and in cas mode with volatile ones (symmetric Dekker), except {@code writeManyCas}.
 * run-write-path.sh checks in the transformed bytecode that the loops call the slot-taking
 * accessor and {@link #set(SharedPoint, int)} the one without a slot.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens", "java.base/java.util.zip=ALL-UNNAMED"})
public class WritePathBenchmark
{
    static final int ONE_LOOP = 1024;
    static final int MANY = 4096;

    PlainPoint[] plainOnes;
    SharedPoint[] sharedOnes;
    PlainPoint[] plainMany;
    SharedPoint[] sharedMany;
    SharedPoint[] casMany;
    int seed;

    @Setup
    public void setup()
    {
        FieldAccessBenchmark.requireAgent();
        checkMode();
        final PlainPoint plainOne = new PlainPoint(1);
        final SharedPoint sharedOne = new SharedPoint(1);
        plainOnes = new PlainPoint[ONE_LOOP];
        sharedOnes = new SharedPoint[ONE_LOOP];
        for (int i = 0; i < ONE_LOOP; i++)
        {
            plainOnes[i] = plainOne;
            sharedOnes[i] = sharedOne;
        }
        plainMany = new PlainPoint[MANY];
        sharedMany = new SharedPoint[MANY];
        casMany = new SharedPoint[MANY];
        final VarHandle state = BlockState.stateHandle(SharedPoint.class);
        for (int i = 0; i < MANY; i++)
        {
            plainMany[i] = new PlainPoint(i);
            sharedMany[i] = new SharedPoint(i);
            casMany[i] = new SharedPoint(i);
            state.setVolatile(casMany[i], BlockState.WRITE_CAS);
        }
        seed = 7;
    }

    /** Fails when the JVM does not run the write mode -Ddsm.writes asked for; prints the mode once. */
    static void checkMode()
    {
        final String requested = System.getProperty(WriteMode.PROPERTY, "auto");
        final String mode = WriteMode.describe();
        if (requested.equals("asym") && !WriteMode.asymmetric() || requested.equals("cas") && WriteMode.asymmetric())
        {
            throw new IllegalStateException("dsm.writes=" + requested + " but the JVM runs " + mode);
        }
        System.out.println("# write mode: " + mode + ", JDK " + Runtime.version());
    }

    /** A setter: one write, no loop, so the agent leaves the slot lookup in its accessor. */
    static void set(final SharedPoint p, final int v)
    {
        p.x = v;
    }

    static void set(final PlainPoint p, final int v)
    {
        p.x = v;
    }

    /** Loads the class with the agent attached (run-write-path.sh dumps its transformed bytecode this way) and prints the mode. */
    public static void main(final String[] args)
    {
        FieldAccessBenchmark.requireAgent();
        checkMode();
        final WritePathBenchmark b = new WritePathBenchmark();
        b.setup();
        b.writeManyShared();
        b.setterManyShared();
    }

    // ------------------------------------------------------------------ writes, many objects

    @Benchmark
    @OperationsPerInvocation(MANY)
    public void writeManyPlain()
    {
        int v = seed++;
        for (final PlainPoint p : plainMany)
        {
            p.x = v++;
        }
    }

    @Benchmark
    @OperationsPerInvocation(MANY)
    public void writeManyShared()
    {
        int v = seed++;
        for (final SharedPoint p : sharedMany)
        {
            p.x = v++;
        }
    }

    @Benchmark
    @OperationsPerInvocation(MANY)
    public void writeManyCas()
    {
        int v = seed++;
        for (final SharedPoint p : casMany)
        {
            p.x = v++;
        }
    }

    // ------------------------------------------------------------------ writes, one object

    @Benchmark
    @OperationsPerInvocation(ONE_LOOP)
    public void writeOnePlain()
    {
        int v = seed++;
        for (final PlainPoint p : plainOnes)
        {
            p.x = v++;
        }
    }

    @Benchmark
    @OperationsPerInvocation(ONE_LOOP)
    public void writeOneShared()
    {
        int v = seed++;
        for (final SharedPoint p : sharedOnes)
        {
            p.x = v++;
        }
    }

    // ------------------------------------------------------------------ setters (slot looked up per write)

    @Benchmark
    @OperationsPerInvocation(MANY)
    public void setterManyPlain()
    {
        int v = seed++;
        for (final PlainPoint p : plainMany)
        {
            set(p, v++);
        }
    }

    @Benchmark
    @OperationsPerInvocation(MANY)
    public void setterManyShared()
    {
        int v = seed++;
        for (final SharedPoint p : sharedMany)
        {
            set(p, v++);
        }
    }

    @Benchmark
    @OperationsPerInvocation(ONE_LOOP)
    public void setterOnePlain()
    {
        int v = seed++;
        for (final PlainPoint p : plainOnes)
        {
            set(p, v++);
        }
    }

    @Benchmark
    @OperationsPerInvocation(ONE_LOOP)
    public void setterOneShared()
    {
        int v = seed++;
        for (final SharedPoint p : sharedOnes)
        {
            set(p, v++);
        }
    }

    // ------------------------------------------------------------------ reads (unchanged by the write path)

    @Benchmark
    @OperationsPerInvocation(ONE_LOOP)
    public int readOnePlain()
    {
        int sum = 0;
        for (final PlainPoint p : plainOnes)
        {
            sum += p.x;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(ONE_LOOP)
    public int readOneShared()
    {
        int sum = 0;
        for (final SharedPoint p : sharedOnes)
        {
            sum += p.x;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(MANY)
    public int readManyPlain()
    {
        int sum = 0;
        for (final PlainPoint p : plainMany)
        {
            sum += p.x;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(MANY)
    public int readManyShared()
    {
        int sum = 0;
        for (final SharedPoint p : sharedMany)
        {
            sum += p.x;
        }
        return sum;
    }
}
