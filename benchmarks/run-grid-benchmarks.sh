#!/usr/bin/env bash
# dsm against Hazelcast 5.7.0, side by side on this machine; prints figures, asserts nothing.
# Two JVMs per system on 127.0.0.1, A and B, with the same heap and JVM flags; first the dsm pair
# (node 0 = A, the manager; node 1 = B; the agent started from one 2-node config), then the
# Hazelcast pair (two embedded members, TCP-IP join on 127.0.0.1, no agent), so that each system
# has the machine to itself. io.dsm.benchmarks.grid.GridBenchmark runs the same workloads on both:
#   read    B reads a record A just wrote (dsm read fault / IMap.get of a key A owns)
#   write   B writes a record A wrote last (dsm write fault / IMap.put of a key A owns)
#   turns   A and B take turns incrementing one counter (round trip on A, messages per exchange);
#           Hazelcast: executeOnKey with an entry processor, and one plain executeOnKey
#   mixed   1000 records, 95 % reads / 5 % writes, both nodes at once (Hazelcast: near cache)
#   refs    (dsm pair only) physical references between the same two JVMs: a blocking
#           DatagramSocket ping-pong, raw Aeron UDP tuned (own drivers, several variants, the
#           lowest p50 is the reference) and raw Aeron on the nodes' own drivers
# with the CPU time of both JVMs for each workload, then prints one markdown summary with the
# ratios dsm / Hazelcast. Builds runtime, agent and benchmarks first if a jar is missing (BUILD=1
# forces it). Every JVM has a time limit; on exit (also on Ctrl-C) the script kills every JVM it
# started and removes the /dev/shm directories they used. About 3-5 minutes on 2 cores.
#
# Environment (all optional):
#   BUILD=1                   build even if the jars exist
#   MVN_ARGS="-o"             extra Maven arguments (for example offline)
#   PROTOCOL=ivy-forwarding-manager   dsm.protocol of the dsm JVMs
#   DSM_ARGS="..."            extra -D options for both dsm JVMs, e.g. -Ddsm.idle.strategy=yielding
#   HZ_ARGS="..."             extra -D options for both Hazelcast JVMs, e.g. -Dbench.hz.backups=0
#   BENCH_ARGS="..."          extra -D options for all four JVMs (bench.access.iterations=5000,
#                             bench.access.warmup=1000, bench.turns.rounds=2000, bench.turns.warmup=200,
#                             bench.turns.wait=yield (or spin: Thread.onSpinWait between polls),
#                             bench.mixed.ms=5000, bench.mixed.warmup.ms=2000, bench.records=1000,
#                             bench.ref.iterations=10000, bench.ref.warmup=1000,
#                             bench.ref.tuned=invoker-spin,invoker-yielding,shared-yielding; also
#                             shared-spin, shared-backoff, invoker-backoff, ...)
#   WORKLOADS=refs,read,write,turns,mixed   which workloads (comma-separated)
#   SYSTEMS="dsm hazelcast"   which systems
#   HEAP="-Xms1g -Xmx1g"      heap of all four JVMs
#   PORT_BASE=47700           (47600 is run-idle-cpu.sh's, 47400-47580 the lock benchmarks')
#                             dsm nodes PORT_BASE+0..1, raw pings +21 +41 +61 +90 +91, Hazelcast
#                             members +50 +51, control connection +80
#   RESULTS=dir               where logs and properties go (default: benchmarks/target/grid-results)
set -euo pipefail
# shellcheck source=bin/lib/dsm-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/dsm-common.sh"

AGENT="$(dsm_jar agent)"
JAR="$(dsm_jar benchmarks)"
RESULTS="${RESULTS:-$DSM_ROOT/benchmarks/target/grid-results}"
PROTOCOL="${PROTOCOL:-ivy-forwarding-manager}"
WORKLOADS="${WORKLOADS:-refs,read,write,turns,mixed}"
SYSTEMS="${SYSTEMS:-dsm hazelcast}"
PORT_BASE="${PORT_BASE:-47700}"
read -r -a HEAP_FLAGS <<<"${HEAP:--Xms1g -Xmx1g}"
# the same flags for every JVM of both systems: what the dsm runtime needs (Agrona, Aeron) and what
# Hazelcast asks for on JDK 17
JVM_FLAGS=("${HEAP_FLAGS[@]}" "${DSM_JVM_FLAGS[@]}"
           --add-modules java.se
           --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
           --add-opens java.base/java.lang=ALL-UNNAMED
           --add-opens java.management/sun.management=ALL-UNNAMED
           --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED)
SHM_PREFIX="/dev/shm/dsm-gridbench-$$"
MAIN=io.dsm.benchmarks.grid.GridBenchmark

cleanup() {
    dsm_stop_all 1
    rm -rf "$SHM_PREFIX"-* 2>/dev/null || true
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

section() {
    printf '\n---- %s (%s)\n' "$1" "$(date +%T)"
}

# await_pair WHAT A_PID B_PID A_LOG B_LOG LIMIT_S: waits for both JVMs of a pair (A at most
# LIMIT_S, B 30 s more), prints A's log, and B's when anything failed or B said something worth
# reading; fails if either failed.
await_pair() {
    local what=$1 a=$2 b=$3 alog=$4 blog=$5 limit=$6 rc=0
    dsm_await "$a" "$limit" "$what A" || { echo "ERROR: $what A exited with status $?" >&2; rc=1; }
    dsm_await "$b" 30 "$what B" || { echo "ERROR: $what B exited with status $?" >&2; rc=1; }
    cat "$alog"
    if (( rc != 0 )) || grep -qi 'exception\|error\|warn' "$blog"; then
        echo "---- B's log ($blog):"
        cat "$blog"
    fi
    return "$rc"
}

START=$SECONDS
echo "dsm against Hazelcast: $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
load_start=$(uptime)
echo "uptime at start: $load_start"

if [[ "${BUILD:-0}" == 1 ]] || dsm_first_missing "$AGENT" "$JAR" >/dev/null; then
    section "build: runtime, agent, benchmarks"
    # shellcheck disable=SC2086
    dsm_build agent benchmarks -- -Dmaven.install.skip=true ${MVN_ARGS:-}
fi
if missing=$(dsm_first_missing "$AGENT" "$JAR"); then
    echo "ERROR: $missing is missing after the build" >&2
    exit 1
fi
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
rc=0

if [[ " $SYSTEMS " == *" dsm "* ]]; then
    section "dsm: 2 JVMs over Aeron UDP on 127.0.0.1, protocol $PROTOCOL ${DSM_ARGS:-}"
    config="$RESULTS/dsm-cluster.properties"
    cat >"$config" <<EOF
# node 0 is JVM A (the coordinator, and the manager of every block), node 1 JVM B
dsm.nodes=0@127.0.0.1:$PORT_BASE,1@127.0.0.1:$((PORT_BASE + 1))
dsm.protocol=$PROTOCOL
dsm.connect.timeout.ms=30000
dsm.leave.timeout.ms=5000
EOF
    common=(-Dbench.port.base="$PORT_BASE" -Dbench.workloads="$WORKLOADS" -Dbench.shm.prefix="$SHM_PREFIX")
    # shellcheck disable=SC2086
    dsm_start "$JAVA" -javaagent:"$AGENT=$config" "${JVM_FLAGS[@]}" -Ddsm.node.id=1 -Ddsm.aeron.dir="$SHM_PREFIX-node1" \
        "${common[@]}" ${BENCH_ARGS:-} ${DSM_ARGS:-} -cp "$JAR" $MAIN dsm-b >"$RESULTS/dsm-B.log" 2>&1
    b_pid=$DSM_STARTED_PID
    # shellcheck disable=SC2086
    dsm_start "$JAVA" -javaagent:"$AGENT=$config" "${JVM_FLAGS[@]}" -Ddsm.node.id=0 -Ddsm.aeron.dir="$SHM_PREFIX-node0" \
        "${common[@]}" ${BENCH_ARGS:-} ${DSM_ARGS:-} -cp "$JAR" $MAIN dsm-a "$RESULTS/dsm.properties" >"$RESULTS/dsm-A.log" 2>&1
    a_pid=$DSM_STARTED_PID
    await_pair "dsm" "$a_pid" "$b_pid" "$RESULTS/dsm-A.log" "$RESULTS/dsm-B.log" 330 || rc=1
    rm -rf "$SHM_PREFIX"-* 2>/dev/null || true
fi

if [[ " $SYSTEMS " == *" hazelcast "* ]]; then
    section "Hazelcast: 2 embedded members on 127.0.0.1 ${HZ_ARGS:-}"
    common=(-Dbench.port.base="$PORT_BASE" -Dbench.workloads="$WORKLOADS")
    # shellcheck disable=SC2086
    dsm_start "$JAVA" "${JVM_FLAGS[@]}" "${common[@]}" ${BENCH_ARGS:-} ${HZ_ARGS:-} -cp "$JAR" $MAIN hz-b \
        >"$RESULTS/hazelcast-B.log" 2>&1
    b_pid=$DSM_STARTED_PID
    # shellcheck disable=SC2086
    dsm_start "$JAVA" "${JVM_FLAGS[@]}" "${common[@]}" ${BENCH_ARGS:-} ${HZ_ARGS:-} -cp "$JAR" $MAIN hz-a \
        "$RESULTS/hazelcast.properties" >"$RESULTS/hazelcast-A.log" 2>&1
    a_pid=$DSM_STARTED_PID
    await_pair "Hazelcast" "$a_pid" "$b_pid" "$RESULTS/hazelcast-A.log" "$RESULTS/hazelcast-B.log" 240 || rc=1
fi

section "summary"
load_end=$(uptime)
dsm_start "$JAVA" -cp "$JAR" io.dsm.benchmarks.grid.GridSummary "$RESULTS/dsm.properties" "$RESULTS/hazelcast.properties" \
    >"$RESULTS/summary-tables.md" 2>&1
dsm_await "$DSM_STARTED_PID" 60 "GridSummary" || { echo "ERROR: GridSummary failed" >&2; rc=1; }
{
    echo "uptime at start: $load_start"
    echo "uptime at end:   $load_end"
    cat "$RESULTS/summary-tables.md"
} | tee "$RESULTS/summary.md"
rm -f "$RESULTS/summary-tables.md"
echo
echo "total $(( SECONDS - START ))s; logs, properties and summary.md in $RESULTS"
exit "$rc"
