#!/usr/bin/env bash
# Counts the network messages of every fault kind for every protocol on 2, 4, 8 and 16 nodes in
# one JVM (deterministic: it counts, it does not time), under five sharing patterns, and then
# measures thrashing under migration for a few hold times. Writes benchmarks/messages-per-fault.svg.
#   1. messages.MessageCountBenchmark --pattern=standard   the per-fault table, against the diagrams and Li & Hudak
#   2. the same, patterns read-mostly, uniform, producer-consumer, migratory: messages per access
#   3. messages.ThrashingBenchmark                          migrations/s and accesses per migration
# Builds runtime, agent and benchmarks first if a jar is missing (BUILD=1 forces it). Every JVM
# has a time limit; on exit (also on Ctrl-C) the JVMs it started are killed and the Aeron
# directories they created under /dev/shm are removed. About 4 minutes on 2 cores.
#
# Environment (all optional):
#   BUILD=1                 build even if the jars exist
#   MVN_ARGS="-o"           extra Maven arguments (for example offline)
#   NODES=2,4,8,16          node counts of the message-count runs
#   PATTERNS="standard read-mostly uniform producer-consumer migratory"
#   COUNT_ARGS="..."        more MessageCountBenchmark options (--seed=, --reps=, --objects=, --protocols=)
#   THRASH_ARGS="..."       ThrashingBenchmark options (default: --hold-ms=0,1,5,20 --seconds=2 --think-us=10)
#   RESULTS=dir             where logs and CSV files go (default: benchmarks/target/message-counts)
set -euo pipefail
# shellcheck source=bin/lib/dsm-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/dsm-common.sh"

AGENT="$(dsm_jar agent)"
JAR="$(dsm_jar benchmarks)"
RESULTS="${RESULTS:-$DSM_ROOT/benchmarks/target/message-counts}"
NODES="${NODES:-2,4,8,16}"
PATTERNS="${PATTERNS:-standard read-mostly uniform producer-consumer migratory}"
THRASH_ARGS="${THRASH_ARGS:---hold-ms=0,1,5,20 --seconds=2 --think-us=10}"
CHART="$DSM_ROOT/benchmarks/messages-per-fault.svg"

# On exit every JVM this script started (dsm_start) is killed and the Aeron directories of its
# in-process clusters are removed.
cleanup() {
    dsm_stop_all 1
    dsm_rm_cluster_dirs "${DSM_PIDS[@]+"${DSM_PIDS[@]}"}"
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

# run_java SECONDS LOG MAIN ARGS...: runs a benchmark JVM with the agent, output to LOG and the
# terminal, killed after SECONDS; fails if it fails.
run_java() {
    local limit=$1 log=$2 main=$3 rc=0 pid
    shift 3
    dsm_start "$JAVA" -javaagent:"$AGENT" "${DSM_JVM_FLAGS[@]}" -cp "$JAR" "$main" "$@" >"$log" 2>&1
    pid=$DSM_STARTED_PID
    dsm_await "$pid" "$limit" "$main" || rc=$?
    dsm_rm_cluster_dirs "$pid"
    if (( rc != 0 )); then
        echo "ERROR: $main $* exited with status $rc; log: $log" >&2
        tail -20 "$log" >&2
        return "$rc"
    fi
}

START=$(date +%s)
echo "dsm message counts: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"

if [[ "${BUILD:-0}" == 1 ]] || dsm_first_missing "$AGENT" "$JAR" >/dev/null; then
    echo "---- build: runtime, agent, benchmarks"
    # shellcheck disable=SC2086
    dsm_build agent benchmarks -- ${MVN_ARGS:-}
fi
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

rc=0
for pattern in $PATTERNS; do
    echo
    echo "---- message counts, pattern $pattern, nodes $NODES ($(date +%T))"
    chart=()
    if [[ "$pattern" == standard ]]; then
        chart=(--chart="$RESULTS/messages-per-fault.svg")
    fi
    # shellcheck disable=SC2086
    if run_java 240 "$RESULTS/counts-$pattern.log" io.dsm.benchmarks.messages.MessageCountBenchmark \
        --pattern="$pattern" --nodes="$NODES" --out="$RESULTS" "${chart[@]}" ${COUNT_ARGS:-}; then
        if [[ "$pattern" == standard ]]; then
            cat "$RESULTS/counts-$pattern.log"
            cp "$RESULTS/messages-per-fault.svg" "$CHART"
            echo "chart copied to $CHART"
        else
            # the per-access table and any warnings; the full per-fault table is in the log
            sed -n '/^Messages per access/,/^$/p' "$RESULTS/counts-$pattern.log"
            grep -A6 '^WARNING\|^MEASURED DIFFERS' "$RESULTS/counts-$pattern.log" || true
        fi
    else
        rc=1
    fi
done

echo
echo "---- thrashing under migration ($(date +%T))"
# shellcheck disable=SC2086
if run_java 120 "$RESULTS/thrashing.log" io.dsm.benchmarks.messages.ThrashingBenchmark $THRASH_ARGS; then
    cat "$RESULTS/thrashing.log"
else
    rc=1
fi

echo
echo "load average now $(cut -d' ' -f1-3 /proc/loadavg); total $(( $(date +%s) - START ))s; logs and CSV in $RESULTS"
exit "$rc"
