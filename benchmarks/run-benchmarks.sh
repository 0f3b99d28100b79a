#!/usr/bin/env bash
# Builds runtime, agent and benchmarks, runs every dsm benchmark and prints a summary table:
#   1. object size of a @Shared object vs the same plain class (Instrumentation.getObjectSize),
#      and of the same fields split into 2, 3 and 4 blocks by @Block
#   2. JMH fast path: shared (one block, and a field of block 2 of 3) vs plain field reads/writes,
#      every fork with -javaagent
#   3. faults between two nodes in one JVM over Aeron IPC, vs raw Aeron IPC ping-pong
#   4. faults between two JVMs over Aeron UDP on 127.0.0.1, vs raw Aeron UDP ping-pong
# Every step is bounded in time; every JVM it starts is killed on exit, and the Aeron
# directories its JVMs used under /dev/shm are removed. About 5-6 minutes on 2 cores.
#
# Environment (all optional):
#   SKIP_BUILD=1            use the jars already in agent/target and benchmarks/target
#   MVN_ARGS="-o"           extra Maven arguments (for example offline)
#   JMH_ARGS="..."          JMH run options (default: -f 1 -wi 3 -w 1s -i 5 -r 1s)
#   JMH_FILTER=regex        which JMH benchmarks (default: FieldAccessBenchmark)
#   PORT_BASE=47300         UDP ports PORT_BASE..+1 (nodes) and +10..+11 (control channel)
#   RESULTS=dir             where results go (default: benchmarks/target/results)
#   IPC_ARGS / UDP_ARGS     extra -D options for the fault benchmark JVMs (iterations, ...)
set -euo pipefail
# shellcheck source=bin/lib/dsm-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/dsm-common.sh"

AGENT="$(dsm_jar agent)"
JAR="$(dsm_jar benchmarks)"
RESULTS="${RESULTS:-$DSM_ROOT/benchmarks/target/results}"
JMH_ARGS="${JMH_ARGS:--f 1 -wi 3 -w 1s -i 5 -r 1s}"
JMH_FILTER="${JMH_FILTER:-FieldAccessBenchmark}"
PORT_BASE="${PORT_BASE:-47300}"
IPC_ARGS="${IPC_ARGS:--Dbench.warmup=5000 -Dbench.iterations=10000 -Dbench.ping.warmup=5000 -Dbench.ping.iterations=20000}"
UDP_ARGS="${UDP_ARGS:--Dbench.warmup=2000 -Dbench.iterations=5000 -Dbench.ping.warmup=2000 -Dbench.ping.iterations=10000}"
SHM_PREFIX="/dev/shm/dsm-bench-$$"

# On exit every JVM this script started (dsm_start) is killed with the JVMs it forked (JMH
# forks), and the Aeron directories its JVMs used are removed: their in-process clusters' and
# those named after SHM_PREFIX.
cleanup() {
    dsm_stop_all 1
    dsm_rm_cluster_dirs "${DSM_PIDS[@]+"${DSM_PIDS[@]}"}"
    rm -rf "$SHM_PREFIX"-* 2>/dev/null || true
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

# await_java PID SECONDS WHAT: waits for the JVM, killing it after SECONDS; fails on non-zero exit.
await_java() {
    local rc=0
    dsm_await "$1" "$2" "$3" || rc=$?
    if (( rc != 0 )); then
        echo "ERROR: $3 exited with status $rc" >&2
        return "$rc"
    fi
}

section() {
    printf '\n---- %s (%s)\n' "$1" "$(date +%T)"
}

START=$(date +%s)
echo "dsm benchmarks: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    section "build: runtime, agent, benchmarks"
    # shellcheck disable=SC2086
    dsm_build agent benchmarks -- ${MVN_ARGS:-}
fi
if missing=$(dsm_first_missing "$AGENT" "$JAR"); then
    echo "ERROR: $missing is missing; build first (without SKIP_BUILD)" >&2
    exit 1
fi
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

section "object sizes"
dsm_start "$JAVA" -javaagent:"$AGENT" "${DSM_JVM_FLAGS[@]}" -cp "$JAR" \
    io.dsm.benchmarks.ObjectSizes "$RESULTS/sizes.properties" >"$RESULTS/sizes.log" 2>&1
await_java "$DSM_STARTED_PID" 60 "ObjectSizes"
cat "$RESULTS/sizes.log"

section "JMH fast path ($JMH_FILTER, $JMH_ARGS), log in $RESULTS/jmh.log"
# -jvmArgsAppend is split on spaces by JMH: the agent path must not contain any
# shellcheck disable=SC2086
dsm_start "$JAVA" -jar "$JAR" "$JMH_FILTER" $JMH_ARGS \
    -jvmArgsAppend "-javaagent:$AGENT ${DSM_JVM_FLAGS[*]}" -rf csv -rff "$RESULTS/jmh.csv" >"$RESULTS/jmh.log" 2>&1
await_java "$DSM_STARTED_PID" 420 "JMH"
sed -n '/^Benchmark .*Mode/,$p' "$RESULTS/jmh.log"

section "faults, two nodes in one JVM over Aeron IPC"
# shellcheck disable=SC2086
dsm_start "$JAVA" -javaagent:"$AGENT" "${DSM_JVM_FLAGS[@]}" $IPC_ARGS \
    -Dbench.aeron.dir="$SHM_PREFIX-raw-ipc" -cp "$JAR" \
    io.dsm.benchmarks.fault.FaultBenchmark inprocess "$RESULTS/fault-ipc.properties" >"$RESULTS/fault-ipc.log" 2>&1
await_java "$DSM_STARTED_PID" 180 "FaultBenchmark inprocess"
cat "$RESULTS/fault-ipc.log"

section "faults, two JVMs over Aeron UDP on 127.0.0.1"
CONFIG="$RESULTS/dsm.properties"
cat >"$CONFIG" <<EOF
# node 0 is this script's main benchmark JVM, node 1 its peer; -Ddsm.node.id overrides the id
dsm.nodes=0@127.0.0.1:$PORT_BASE,1@127.0.0.1:$((PORT_BASE + 1))
dsm.node.id=0
dsm.connect.timeout.ms=30000
dsm.leave.timeout.ms=5000
EOF
CONTROL=(-Dbench.ctl.main=127.0.0.1:$((PORT_BASE + 10)) -Dbench.ctl.peer=127.0.0.1:$((PORT_BASE + 11)))
# shellcheck disable=SC2086
dsm_start "$JAVA" -javaagent:"$AGENT=$CONFIG" "${DSM_JVM_FLAGS[@]}" \
    -Ddsm.node.id=1 -Ddsm.aeron.dir="$SHM_PREFIX-node1" "${CONTROL[@]}" $UDP_ARGS -cp "$JAR" \
    io.dsm.benchmarks.fault.FaultBenchmark udp-peer >"$RESULTS/fault-udp-peer.log" 2>&1
PEER_PID=$DSM_STARTED_PID
# shellcheck disable=SC2086
dsm_start "$JAVA" -javaagent:"$AGENT=$CONFIG" "${DSM_JVM_FLAGS[@]}" \
    -Ddsm.node.id=0 -Ddsm.aeron.dir="$SHM_PREFIX-node0" "${CONTROL[@]}" $UDP_ARGS -cp "$JAR" \
    io.dsm.benchmarks.fault.FaultBenchmark udp-main "$RESULTS/fault-udp.properties" >"$RESULTS/fault-udp.log" 2>&1
MAIN_PID=$DSM_STARTED_PID
udp_rc=0
await_java "$MAIN_PID" 240 "FaultBenchmark udp-main (node 0)" || udp_rc=$?
await_java "$PEER_PID" 30 "FaultBenchmark udp-peer (node 1)" || udp_rc=$?
cat "$RESULTS/fault-udp.log"
if (( udp_rc != 0 )); then
    echo "---- peer log:"
    cat "$RESULTS/fault-udp-peer.log"
fi
grep -v '^$' "$RESULTS/fault-udp-peer.log" | sed 's/^/peer: /' || true

"$JAVA" -cp "$JAR" io.dsm.benchmarks.Summary "$RESULTS"
echo
echo "load average now $(cut -d' ' -f1-3 /proc/loadavg); total $(( $(date +%s) - START ))s; results in $RESULTS"
exit "$udp_rc"
