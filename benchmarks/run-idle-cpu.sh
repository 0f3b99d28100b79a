#!/usr/bin/env bash
# Idle cost of a dsm cluster: starts 3 node JVMs on 127.0.0.1 with the real agent (one root bound,
# then no application work), lets them settle, and reads every thread's CPU time from /proc over a
# window. Prints the CPU of the 3 JVMs as % of one core, per JVM and per thread name, beside a
# plain JVM without the agent that only sleeps (the JVM's own noise). Asserts nothing.
# Builds the agent and the benchmarks jar if one is missing. Every JVM has a time limit; on exit
# (also on Ctrl-C) the script kills the JVMs it started and removes their Aeron directories.
# About SETTLE_SECONDS + IDLE_SECONDS + 10 seconds.
#
# Environment (all optional):
#   IDLE_SECONDS=25     the measured window
#   SETTLE_SECONDS=20   wait after all nodes are ready (JIT compilation of start-up code ends)
#   DSM_ARGS="..."      extra -D options for every node (dsm.idle.strategy=..., dsm.idle.max.park.us=...)
#   PORT_BASE=47600     the nodes listen on PORT_BASE..PORT_BASE+2
#   RESULTS=dir         logs (default benchmarks/target/idle-results)
set -euo pipefail
# shellcheck source=bin/lib/dsm-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/dsm-common.sh"

IDLE_SECONDS=${IDLE_SECONDS:-25}
SETTLE_SECONDS=${SETTLE_SECONDS:-20}
PORT_BASE=${PORT_BASE:-47600}
RESULTS=${RESULTS:-$DSM_ROOT/benchmarks/target/idle-results}
read -r -a EXTRA <<< "${DSM_ARGS:-}"
NODES=3
LIFE=$(( SETTLE_SECONDS + IDLE_SECONDS + 60 ))

cleanup() {
    dsm_stop_all 1
    dsm_rm_node_dirs "$PORT_BASE" "$NODES"
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

dsm_build_if_missing --say "building the agent and the benchmarks..." agent benchmarks
JAR=$(dsm_jar benchmarks)
mkdir -p "$RESULTS"
echo "idle cpu: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start, DSM_ARGS='${DSM_ARGS:-}'"

members=""
for (( i = 0; i < NODES; i++ )); do members+="${members:+,}$i@127.0.0.1:$(( PORT_BASE + i ))"; done
echo "dsm.nodes=$members" > "$RESULTS/dsm.properties"
for (( i = 0; i < NODES; i++ )); do
    dsm_start timeout "$LIFE" "$JAVA" "${DSM_JVM_FLAGS[@]}" -javaagent:"$AGENT_JAR=$RESULTS/dsm.properties" \
        -Ddsm.node.id="$i" "${EXTRA[@]+"${EXTRA[@]}"}" -cp "$JAR" io.dsm.benchmarks.idle.IdleNode "$LIFE" \
        > "$RESULTS/node-$i.log" 2>&1
done
# the reference: a JVM without the agent that only sleeps
dsm_start timeout "$LIFE" "$JAVA" -cp "$JAR" -XX:+UseG1GC io.dsm.benchmarks.idle.Sleeper "$LIFE" > "$RESULTS/plain.log" 2>&1

deadline=$(( SECONDS + 60 ))
pids=()
while (( SECONDS < deadline )); do
    mapfile -t pids < <(cat "$RESULTS"/node-*.log "$RESULTS/plain.log" 2>/dev/null | awk '/^READY /{print $2}')
    (( ${#pids[@]} == NODES + 1 )) && break
    sleep 0.5
done
if (( ${#pids[@]} != NODES + 1 )); then
    echo "not every JVM got ready within 60 s; logs in $RESULTS" >&2
    tail -5 "$RESULTS"/*.log >&2
    exit 1
fi
plain_pid=$(awk '/^READY /{print $2}' "$RESULTS/plain.log")
sleep "$SETTLE_SECONDS"

# snapshot: one line per thread: pid tid utime+stime(ticks) name
snapshot() {
    local pid t
    for pid in "${pids[@]}"; do
        for t in /proc/"$pid"/task/*; do
            [[ -r "$t/stat" ]] || continue
            # the name may contain spaces: take the fields after the last ')'
            awk -v pid="$pid" -v tid="${t##*/}" -v name="$(tr ' ' '_' < "$t/comm" 2>/dev/null)" \
                '{ sub(/.*\) /, ""); split($0, f, " "); print pid, tid, f[12] + f[13], name }' "$t/stat" 2>/dev/null || true
        done
    done
}
snapshot > "$RESULTS/before.txt"
start_ns=$(date +%s%N)
sleep "$IDLE_SECONDS"
snapshot > "$RESULTS/after.txt"
elapsed_ns=$(( $(date +%s%N) - start_ns ))

awk -v tck="$(getconf CLK_TCK)" -v ns="$elapsed_ns" -v plain="$plain_pid" '
    FNR == NR { before[$1 " " $2] = $3; next }
    {
        d = $3 - before[$1 " " $2]
        pct = d * 100 / tck / (ns / 1e9)
        if ($1 == plain) { plainTotal += pct; next }
        total += pct; perJvm[$1] += pct; perName[$4] += pct
    }
    END {
        printf "3 idle dsm JVMs: %.2f %% of one core in total over %.0f s (target: <= 5 %%)\n", total, ns / 1e9
        for (p in perJvm) printf "   JVM %s: %.2f %%\n", p, perJvm[p]
        printf "plain JVM without the agent, sleeping: %.2f %% of one core\n", plainTotal
        print "by thread name, summed over the 3 dsm JVMs:"
        for (n in perName) if (perName[n] > 0) printf "%8.2f %%  %s\n", perName[n], n | "sort -rn | head -8"
    }' "$RESULTS/before.txt" "$RESULTS/after.txt" | tee "$RESULTS/summary.txt"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; logs in $RESULTS"
