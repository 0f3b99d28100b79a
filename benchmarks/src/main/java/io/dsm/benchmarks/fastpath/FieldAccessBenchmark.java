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

import io.dsm.runtime.block.InBlock;
import io.dsm.runtime.block.SyntheticNames;

/**
 * The fast path of a rewritten field access against the same code on a plain class, in one JMH
 * run whose forks all carry {@code -javaagent:dsm-agent.jar} (run-benchmarks.sh passes it with
 * {@code -jvmArgsAppend}); the plain class is not rewritten, so ratio = shared / plain is the cost
 * of the state check alone. Scores are ns per field access.
 *
 * <ul>
 * <li>{@code *One}: 1024 accesses to one object, through an array that holds 1024 references to
 *     it. The JIT cannot prove the references equal, so it can neither hoist the loads nor sink
 *     the stores out of the loop: every iteration really accesses the field.</li>
 * <li>{@code *Many}: one access to each of 4096 distinct objects (the shared ones are 8 bytes
 *     bigger: state word and metadata link).</li>
 * <li>{@code *ReadHoisted}: 1024 reads of a field of one object held in a local: here the JIT
 *     may hoist the plain field load, and with it the plain state read, out of the loop. The sum
 *     mixes in the loop index, so the loop cannot be folded into a multiplication and stays
 *     (a loop of {@code Blackhole.consume(p.x)} was optimised away, even with
 *     compiler blackholes: 0.02 ns per "access").</li>
 * </ul>
 * The {@code split*} methods run the same loops over {@link SplitPoint3}, the same fields as
 * {@link SharedPoint} in three coherence blocks ({@code @Block}), accessing {@code x} in block 2:
 * its accessors check that block's state word {@code $dsm$s2} instead of {@code $dsm$state}, so
 * split / plain should equal shared / plain within noise. The three classes' objects are allocated
 * interleaved, so each array of {@code *Many} has the same allocation order.
 * <p>A write to a shared field is a CAS on the state word to enter and a release store to leave (the
 * write must not race with revocation, see BlockState), so writes are expected to cost more.
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
public class FieldAccessBenchmark
{
    static final int ONE_LOOP = 1024;
    static final int MANY = 4096;

    PlainPoint plainOne;
    SharedPoint sharedOne;
    PlainPoint[] plainOnes;
    SharedPoint[] sharedOnes;
    PlainPoint[] plainMany;
    SharedPoint[] sharedMany;
    SplitPoint3 splitOne;
    SplitPoint3[] splitOnes;
    SplitPoint3[] splitMany;
    int seed;

    @Setup
    public void setup()
    {
        requireAgent();
        plainOne = new PlainPoint(1);
        sharedOne = new SharedPoint(1);
        splitOne = new SplitPoint3(1);
        plainOnes = new PlainPoint[ONE_LOOP];
        sharedOnes = new SharedPoint[ONE_LOOP];
        splitOnes = new SplitPoint3[ONE_LOOP];
        for (int i = 0; i < ONE_LOOP; i++)
        {
            plainOnes[i] = plainOne;
            sharedOnes[i] = sharedOne;
            splitOnes[i] = splitOne;
        }
        // allocated interleaved so all three arrays get the same allocation order and locality
        plainMany = new PlainPoint[MANY];
        sharedMany = new SharedPoint[MANY];
        splitMany = new SplitPoint3[MANY];
        for (int i = 0; i < MANY; i++)
        {
            plainMany[i] = new PlainPoint(i);
            sharedMany[i] = new SharedPoint(i);
            splitMany[i] = new SplitPoint3(i);
        }
        seed = 7;
    }

    /** Without the agent the "shared" class would be plain too and every ratio would read 1.0. */
    static void requireAgent()
    {
        try
        {
            SharedPoint.class.getDeclaredField("$dsm$state");
        }
        catch (final NoSuchFieldException ex)
        {
            throw new IllegalStateException("SharedPoint was not rewritten: run the forks with " +
                "-jvmArgsAppend \"-javaagent:<path>/dsm-agent.jar --add-exports ...\" (see run-benchmarks.sh)");
        }
        // the split* methods measure an access to a field outside block 0: check the agent put it there
        final int block = blockOf(SplitPoint3.class, "x");
        if (block != 2)
        {
            throw new IllegalStateException("SplitPoint3.x is in block " + block + ", expected 2 (@Block groups g1, g2)");
        }
    }

    /** The block the agent put a field in: its {@code @InBlock} value, 0 without one. */
    static int blockOf(final Class<?> type, final String field)
    {
        try
        {
            final InBlock in = type.getDeclaredField(field).getAnnotation(InBlock.class);
            if (in != null)
            {
                type.getDeclaredField(SyntheticNames.stateField(in.value())); // its state word
            }
            return in == null ? 0 : in.value();
        }
        catch (final NoSuchFieldException ex)
        {
            throw new IllegalStateException(type.getName() + ": " + ex.getMessage(), ex);
        }
    }

    // ------------------------------------------------------------------ reads, one object

    @Benchmark
    @OperationsPerInvocation(ONE_LOOP)
    public int plainReadOne()
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
    public int sharedReadOne()
    {
        int sum = 0;
        for (final SharedPoint p : sharedOnes)
        {
            sum += p.x;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(ONE_LOOP)
    public int splitReadOne()
    {
        int sum = 0;
        for (final SplitPoint3 p : splitOnes)
        {
            sum += p.x;
        }
        return sum;
    }

    // ------------------------------------------------------------------ reads, many objects

    @Benchmark
    @OperationsPerInvocation(MANY)
    public int plainReadMany()
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
    public int sharedReadMany()
    {
        int sum = 0;
        for (final SharedPoint p : sharedMany)
        {
            sum += p.x;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(MANY)
    public int splitReadMany()
    {
        int sum = 0;
        for (final SplitPoint3 p : splitMany)
        {
            sum += p.x;
        }
        return sum;
    }

    // ------------------------------------------------------------------ writes, one object

    @Benchmark
    @OperationsPerInvocation(ONE_LOOP)
    public void plainWriteOne()
    {
        int v = seed++;
        for (final PlainPoint p : plainOnes)
        {
            p.x = v++;
        }
    }

    @Benchmark
    @OperationsPerInvocation(ONE_LOOP)
    public void sharedWriteOne()
    {
        int v = seed++;
        for (final SharedPoint p : sharedOnes)
        {
            p.x = v++;
        }
    }

    @Benchmark
    @OperationsPerInvocation(ONE_LOOP)
    public void splitWriteOne()
    {
        int v = seed++;
        for (final SplitPoint3 p : splitOnes)
        {
            p.x = v++;
        }
    }

    // ------------------------------------------------------------------ writes, many objects

    @Benchmark
    @OperationsPerInvocation(MANY)
    public void plainWriteMany()
    {
        int v = seed++;
        for (final PlainPoint p : plainMany)
        {
            p.x = v++;
        }
    }

    @Benchmark
    @OperationsPerInvocation(MANY)
    public void sharedWriteMany()
    {
        int v = seed++;
        for (final SharedPoint p : sharedMany)
        {
            p.x = v++;
        }
    }

    @Benchmark
    @OperationsPerInvocation(MANY)
    public void splitWriteMany()
    {
        int v = seed++;
        for (final SplitPoint3 p : splitMany)
        {
            p.x = v++;
        }
    }

    // ------------------------------------------------------------------ reads the JIT may hoist

    @Benchmark
    @OperationsPerInvocation(ONE_LOOP)
    public int plainReadHoisted()
    {
        final PlainPoint p = plainOne;
        int sum = 0;
        for (int i = 0; i < ONE_LOOP; i++)
        {
            sum += p.x ^ i;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(ONE_LOOP)
    public int sharedReadHoisted()
    {
        final SharedPoint p = sharedOne;
        int sum = 0;
        for (int i = 0; i < ONE_LOOP; i++)
        {
            sum += p.x ^ i;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(ONE_LOOP)
    public int splitReadHoisted()
    {
        final SplitPoint3 p = splitOne;
        int sum = 0;
        for (int i = 0; i < ONE_LOOP; i++)
        {
            sum += p.x ^ i;
        }
        return sum;
    }
}
