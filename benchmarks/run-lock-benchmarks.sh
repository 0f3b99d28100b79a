#!/usr/bin/env bash
# Cluster locks (synchronized / wait / notify on @Shared objects) measured against outside
# references in the same run; prints figures, asserts nothing:
#   1. locks.PlainBaseline      one plain JVM without the agent: uncontended synchronized, and the
#                               contended counter with 2 threads per would-be JVM (4 and 6 threads)
#   2. locks.LockBenchmark      2 JVMs, then 3, over Aeron UDP on 127.0.0.1: lock acquire + release
#                               latency (cached, remote turn-taking, contended), p50/p99 and messages
#                               per acquire, beside a blocking DatagramSocket ping-pong and the raw Aeron
#                               UDP ping-pong between the same JVMs; then the contended counter (2
#                               threads per JVM), ops/s against the plain JVM, and the final count
#   3. locks.LockMessageCounts  messages per cached / remote acquire and the data messages of a
#                               read-modify-write critical section, per protocol (deterministic)
# Builds runtime, agent and benchmarks first if a jar is missing (BUILD=1 forces it). Every JVM
# has a time limit; on exit (also on Ctrl-C) the script kills every JVM it started and removes
# the /dev/shm directories they used. About 3-5 minutes on 2 cores, depending on the load.
#
# Environment (all optional):
#   BUILD=1                 build even if the jars exist
#   MVN_ARGS="-o"           extra Maven arguments (for example offline)
#   NODE_COUNTS="2 3"       cluster sizes of the multi-JVM runs
#   PORT_BASE=47400         the n-JVM run uses PORT_BASE+100*(n-2) + 0..n-1 (nodes), +20..+62 (raw pings), +80 (control)
#   COUNTER_INCREMENTS=2000 increments per thread of the contended counter (the dsm JVMs and the plain JVM alike)
#   LOCK_ARGS="..."         extra -D options for every LockBenchmark JVM (bench.*, dsm.idle.strategy, dsm.protocol, ...)
#   PLAIN_ARGS="..."        extra -D options for the plain JVM
#   COUNT_ARGS="..."        LockMessageCounts options (--protocols=..., --reps=...)
#   RESULTS=dir             where logs and properties go (default: benchmarks/target/lock-results)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AGENT="$ROOT/agent/target/dsm-agent.jar"
JAR="$ROOT/benchmarks/target/dsm-benchmarks.jar"
RESULTS="${RESULTS:-$ROOT/benchmarks/target/lock-results}"
NODE_COUNTS="${NODE_COUNTS:-2 3}"
PORT_BASE="${PORT_BASE:-47400}"
COUNTER_THREADS=2
COUNTER_INCREMENTS="${COUNTER_INCREMENTS:-2000}"
JVM_FLAGS=(--add-exports java.base/jdk.internal.misc=ALL-UNNAMED
           --add-opens java.base/sun.nio.ch=ALL-UNNAMED
           --add-opens java.base/java.util.zip=ALL-UNNAMED)
SHM_PREFIX="/dev/shm/dsm-lockbench-$$"

JAVA_PIDS=()

# Kills a JVM we started (and anything it forked), by process id.
kill_tree() {
    local pid=$1 child
    for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do
        kill_tree "$child"
    done
    kill -TERM "$pid" 2>/dev/null || true
}

cleanup() {
    local pid
    for pid in "${JAVA_PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill_tree "$pid"
        fi
    done
    if (( ${#JAVA_PIDS[@]} > 0 )); then
        sleep 1
    fi
    for pid in "${JAVA_PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid" 2>/dev/null || true
        fi
        # DsmCluster (LockMessageCounts) names its media driver directory after the JVM's pid
        rm -rf "/dev/shm/dsm-cluster-$pid-"* 2>/dev/null || true
    done
    rm -rf "$SHM_PREFIX"-* 2>/dev/null || true
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

# start_java LOG CMD...: starts a JVM in the background, output to LOG; sets STARTED_PID.
start_java() {
    local log=$1
    shift
    "$@" >"$log" 2>&1 &
    STARTED_PID=$!
    JAVA_PIDS+=("$STARTED_PID")
}

# await_java PID SECONDS WHAT: waits for the JVM, killing it after SECONDS; fails on non-zero exit.
await_java() {
    local pid=$1 limit=$2 what=$3 waited=0 rc=0
    while kill -0 "$pid" 2>/dev/null; do
        if (( waited >= limit )); then
            echo "ERROR: $what did not finish within ${limit}s; killing it" >&2
            kill_tree "$pid"
            sleep 2
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 1
        waited=$((waited + 1))
    done
    wait "$pid" || rc=$?
    if (( rc != 0 )); then
        echo "ERROR: $what exited with status $rc" >&2
        return "$rc"
    fi
}

section() {
    printf '\n---- %s (%s)\n' "$1" "$(date +%T)"
}

START=$(date +%s)
echo "dsm lock benchmarks: $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "uptime at start: $(uptime)"

if [[ "${BUILD:-0}" == 1 || ! -f "$AGENT" || ! -f "$JAR" ]]; then
    section "build: runtime, agent, benchmarks"
    # shellcheck disable=SC2086
    (cd "$ROOT" && mvn -B -q ${MVN_ARGS:-} package -DskipTests -pl runtime,agent,benchmarks -am)
fi
for f in "$AGENT" "$JAR"; do
    [[ -f "$f" ]] || { echo "ERROR: $f is missing; build first" >&2; exit 1; }
done
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
rc=0

section "one plain JVM, no agent"
threads_list=""
for n in $NODE_COUNTS; do
    threads_list+="${threads_list:+,}$((n * COUNTER_THREADS))"
done
# shellcheck disable=SC2086
start_java "$RESULTS/plain.log" java -Dbench.counter.threads.list="$threads_list" \
    -Dbench.counter.increments="$COUNTER_INCREMENTS" ${PLAIN_ARGS:-} -cp "$JAR" \
    io.dsm.benchmarks.locks.PlainBaseline "$RESULTS/plain.properties"
await_java "$STARTED_PID" 120 "PlainBaseline" || rc=1
cat "$RESULTS/plain.log"

for n in $NODE_COUNTS; do
    section "$n JVMs over Aeron UDP on 127.0.0.1"
    base=$((PORT_BASE + 100 * (n - 2)))
    config="$RESULTS/dsm-$n.properties"
    members=""
    for ((i = 0; i < n; i++)); do
        members+="${members:+,}$i@127.0.0.1:$((base + i))"
    done
    cat >"$config" <<EOF
# node 0 is the coordinating JVM, the others its peers; -Ddsm.node.id sets each one's id
dsm.nodes=$members
dsm.connect.timeout.ms=30000
dsm.leave.timeout.ms=5000
EOF
    peer_pids=()
    for ((i = 1; i < n; i++)); do
        # shellcheck disable=SC2086
        start_java "$RESULTS/locks-$n-node$i.log" java -javaagent:"$AGENT=$config" "${JVM_FLAGS[@]}" \
            -Ddsm.node.id="$i" -Ddsm.aeron.dir="$SHM_PREFIX-n$n-node$i" -Dbench.port.base="$base" \
            -Dbench.counter.threads="$COUNTER_THREADS" \
            -Dbench.counter.increments="$COUNTER_INCREMENTS" ${LOCK_ARGS:-} -cp "$JAR" io.dsm.benchmarks.locks.LockBenchmark peer
        peer_pids+=("$STARTED_PID")
    done
    # shellcheck disable=SC2086
    start_java "$RESULTS/locks-$n.log" java -javaagent:"$AGENT=$config" "${JVM_FLAGS[@]}" \
        -Ddsm.node.id=0 -Ddsm.aeron.dir="$SHM_PREFIX-n$n-node0" -Dbench.port.base="$base" \
        -Dbench.counter.threads="$COUNTER_THREADS" -Dbench.counter.increments="$COUNTER_INCREMENTS" \
        -Dbench.plain="$RESULTS/plain.properties" ${LOCK_ARGS:-} -cp "$JAR" \
        io.dsm.benchmarks.locks.LockBenchmark main "$RESULTS/locks-$n.properties"
    main_pid=$STARTED_PID
    run_rc=0
    await_java "$main_pid" 420 "LockBenchmark main ($n JVMs, node 0)" || run_rc=1
    for ((i = 1; i < n; i++)); do
        await_java "${peer_pids[$((i - 1))]}" 30 "LockBenchmark peer ($n JVMs, node $i)" || run_rc=1
    done
    cat "$RESULTS/locks-$n.log"
    for ((i = 1; i < n; i++)); do
        if (( run_rc != 0 )) || grep -q 'Exception\|ERROR\|error' "$RESULTS/locks-$n-node$i.log"; then
            echo "---- node $i log:"
            cat "$RESULTS/locks-$n-node$i.log"
        fi
    done
    rm -rf "$SHM_PREFIX-n$n-"* 2>/dev/null || true
    (( run_rc == 0 )) || rc=1
done

section "lock messages per protocol, 3 nodes in one JVM"
# shellcheck disable=SC2086
start_java "$RESULTS/lock-message-counts.log" java -javaagent:"$AGENT" "${JVM_FLAGS[@]}" -cp "$JAR" \
    io.dsm.benchmarks.locks.LockMessageCounts ${COUNT_ARGS:-}
count_pid=$STARTED_PID
await_java "$count_pid" 300 "LockMessageCounts" || rc=1
rm -rf "/dev/shm/dsm-cluster-$count_pid-"* 2>/dev/null || true
cat "$RESULTS/lock-message-counts.log"

echo
echo "uptime at end: $(uptime)"
echo "total $(( $(date +%s) - START ))s; logs and properties in $RESULTS"
exit "$rc"
