package io.dsm.benchmarks.grid;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NearCacheConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nearcache.NearCacheStats;

import io.dsm.benchmarks.locks.Control;

/**
 * The Hazelcast side of the grid benchmark: an embedded member in this JVM, one of two, joined by
 * TCP-IP on 127.0.0.1 only (multicast and auto-detection off, bound to 127.0.0.1, phone-home off,
 * Hazelcast's logging through java.util.logging at WARNING). Member 0 runs in JVM A, member 1 in B,
 * on ports {@code base + 50} and {@code base + 51}.
 *
 * <p>Maps: {@value #RECORDS} (the record of the remote read and write workloads) and
 * {@value #COUNTERS} (the turn-taking counter and the key of the plain {@code executeOnKey}) use
 * Hazelcast's defaults but for the backup count ({@code bench.hz.backups}, default 1, Hazelcast's
 * own default: every write is also copied synchronously to the other member); their keys are
 * picked so that member A owns their partitions. {@value #MIXED} (the mixed workload's 1000
 * records, keys 0..999, spread over both members by Hazelcast's partitioning) has a near cache on
 * every member: in-memory format OBJECT, invalidate on change, local entries cached too, so a
 * repeated read of an entry is local on either member until a write invalidates it.
 */
final class HzGrid implements Grid
{
    static final String RECORDS = "grid-records";
    static final String COUNTERS = "grid-counters";
    static final String MIXED = "grid-mixed";
    /** Held so that java.util.logging does not forget the level set on it. */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");
    private static final HzTurn[] TURNS = {new HzTurn(0), new HzTurn(1)};
    private static final HzTurn ALWAYS = new HzTurn(HzTurn.ANY);

    private final HazelcastInstance hz;
    private final int backups;
    private final IMap<String, HzRecord> records;
    private final IMap<String, Long> counters;
    private final IMap<Integer, HzRecord> mixed;
    private String recordKey;
    private String counterKey;
    private String execKey;
    private int mixedOwned;

    private HzGrid(final HazelcastInstance hz, final int backups)
    {
        this.hz = hz;
        this.backups = backups;
        this.records = hz.getMap(RECORDS);
        this.counters = hz.getMap(COUNTERS);
        this.mixed = hz.getMap(MIXED);
    }

    /**
     * Starts member {@code id} (0 in JVM A, 1 in B) and waits until both members see each other
     * and the partitions have settled; if that takes longer than {@code timeoutMs}, says so and
     * ends the JVM with status 3 (a watchdog ends it even if Hazelcast's own start hangs).
     */
    static Grid start(final int id, final int base, final long timeoutMs)
    {
        final int backups = Integer.getInteger("bench.hz.backups", 1);
        HAZELCAST_LOG.setLevel(Level.WARNING);
        final String[] members = {"127.0.0.1:" + (base + 50), "127.0.0.1:" + (base + 51)};
        final Config config = new Config();
        config.setClusterName("dsm-grid-bench-" + base);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.getJetConfig().setEnabled(false);
        final NetworkConfig network = config.getNetworkConfig();
        network.setPort(base + 50 + id).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        final JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(List.of(members));
        config.getMapConfig(RECORDS).setBackupCount(backups);
        config.getMapConfig(COUNTERS).setBackupCount(backups);
        config.getMapConfig(MIXED).setBackupCount(backups).setNearCacheConfig(new NearCacheConfig(MIXED)
            .setInMemoryFormat(InMemoryFormat.OBJECT)
            .setInvalidateOnChange(true)
            .setCacheLocalEntries(true));
        config.getSerializationConfig().addDataSerializableFactory(HzTypes.FACTORY_ID, new HzTypes());

        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        final String what = "the two Hazelcast members (" + String.join(", ", members) + ") did not see each other and settle " +
            "their partitions within " + timeoutMs + " ms";
        final Thread watchdog = new Thread(() ->
        {
            try
            {
                Thread.sleep(timeoutMs + 5000);
                System.err.println("ERROR: " + what + " (Hazelcast's start hung); ending this JVM");
                Runtime.getRuntime().halt(3);
            }
            catch (final InterruptedException ex)
            {
                // started in time
            }
        }, "hazelcast-start-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        final HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
        while (hz.getCluster().getMembers().size() < 2 || !hz.getPartitionService().isClusterSafe())
        {
            if (System.nanoTime() - deadline > 0)
            {
                System.err.println("ERROR: " + what + "; member " + id + " sees " + hz.getCluster().getMembers() +
                    ", cluster safe: " + hz.getPartitionService().isClusterSafe());
                hz.getLifecycleService().terminate();
                System.exit(3);
            }
            Control.sleep(50);
        }
        watchdog.interrupt();
        return new HzGrid(hz, backups);
    }

    @Override
    public String system()
    {
        return "Hazelcast";
    }

    @Override
    public String describe()
    {
        return "Hazelcast " + hz.getCluster().getLocalMember().getVersion() + " embedded member " +
            hz.getCluster().getLocalMember().getAddress() + " of " + hz.getCluster().getMembers().size() +
            ", TCP-IP join on 127.0.0.1, backup count " + backups + ", near cache (OBJECT, invalidate on change, " +
            "local entries too) on map " + MIXED + " only";
    }

    /** The first key {@code prefix + i} whose partition this member owns. */
    private String ownedKey(final String prefix)
    {
        for (int i = 0; ; i++)
        {
            final String key = prefix + i;
            if (hz.getPartitionService().getPartition(key).getOwner().localMember())
            {
                return key;
            }
        }
    }

    @Override
    public String create(final int records)
    {
        recordKey = ownedKey("record-");
        counterKey = ownedKey("counter-");
        execKey = ownedKey("execute-");
        this.records.put(recordKey, new HzRecord(0));
        counters.put(counterKey, 0L);
        counters.put(execKey, 0L);
        final Map<Integer, HzRecord> all = new HashMap<>();
        for (int i = 0; i < records; i++)
        {
            all.put(i, new HzRecord(0));
        }
        mixed.putAll(all);
        mixedOwned = countOwned(records);
        return recordKey + "," + counterKey + "," + execKey;
    }

    @Override
    public void attach(final String fromA, final int records)
    {
        final String[] keys = fromA.split(",");
        recordKey = keys[0];
        counterKey = keys[1];
        execKey = keys[2];
        mixedOwned = countOwned(records);
        for (final String key : new String[] {recordKey, counterKey, execKey})
        {
            if (hz.getPartitionService().getPartition(key).getOwner().localMember())
            {
                throw new IllegalStateException("key " + key + " should be owned by member A, but member B owns it");
            }
        }
    }

    private int countOwned(final int records)
    {
        int owned = 0;
        for (int i = 0; i < records; i++)
        {
            owned += hz.getPartitionService().getPartition(i).getOwner().localMember() ? 1 : 0;
        }
        return owned;
    }

    @Override
    public void writeRecord(final long v)
    {
        records.put(recordKey, new HzRecord(v));
    }

    @Override
    public long readRecord()
    {
        final HzRecord r = records.get(recordKey);
        return r.b == r.a && r.c == r.a && r.d == r.a ? r.a : Long.MIN_VALUE;
    }

    @Override
    public boolean willBeRemote(final boolean write)
    {
        return !hz.getPartitionService().getPartition(recordKey).getOwner().localMember();
    }

    @Override
    public boolean tryTurn(final int parity)
    {
        return counters.executeOnKey(counterKey, TURNS[parity]) >= 0;
    }

    @Override
    public long counter()
    {
        return counters.get(counterKey);
    }

    @Override
    public void plainExecute()
    {
        counters.executeOnKey(execKey, ALWAYS);
    }

    @Override
    public long mixedRead(final int k)
    {
        final HzRecord r = mixed.get(k);
        return r.a + r.b + r.c + r.d;
    }

    @Override
    public void mixedWrite(final int k, final long v)
    {
        mixed.put(k, new HzRecord(v));
    }

    @Override
    public long faults()
    {
        return -1;
    }

    @Override
    public long[] counters()
    {
        return new long[0];
    }

    @Override
    public double messages(final long[] delta)
    {
        return Double.NaN;
    }

    @Override
    public String messagesByType(final long[] delta, final double per)
    {
        return "-";
    }

    @Override
    public String mixedNote()
    {
        final NearCacheStats s = mixed.getLocalMapStats().getNearCacheStats();
        return String.format(Locale.ROOT, "owns %d of the records; near cache hits %d, misses %d, invalidations %d", mixedOwned,
            s.getHits(), s.getMisses(), s.getInvalidations());
    }

    @Override
    public String errors()
    {
        return "";
    }

    @Override
    public void close()
    {
        HAZELCAST_LOG.setLevel(Level.SEVERE); // terminating warns that it terminates
        hz.getLifecycleService().terminate(); // the run is over: no need to migrate the data to the other member
    }
}
