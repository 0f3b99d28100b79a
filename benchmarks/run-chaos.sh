#!/usr/bin/env bash
# The kill -9 chaos soak: for each protocol and each killed role, three JVMs (nodes 0, 1, 2, each
# a dsm node started by the real agent, UDP on 127.0.0.1) run io.dsm.examples.chaos.ChaosWorkload;
# once the victim printed READY-TO-DIE and both survivors ARMED, the script kills the victim with
# kill -9, writes the kill time (epoch ms) to the file the survivors watch, waits for the survivors
# to verify and print their CHAOS summary lines, and prints one markdown table:
#
#   protocol | killed | detection ms | longest pause ms | recovered | lost / expected | result
#
# with one figure per survivor ("a · b", survivors in node order). Detection = when deadNodes()
# first named the victim on that survivor, minus the kill time; longest pause = the longest gap
# between two completed operations of the survivor's worker, from ARMED to the end of its
# verification; recovered = cells the victim created, wrote or read last that survived with the
# right value; lost = cells that threw BlockLostException, expected = those whose every copy was on
# the victim (ChaosPlan says which, per protocol). "ok" means every check of the survivor held
# (ChaosWorkload's javadoc lists them); otherwise what failed. Exits 1 if any run failed.
#
# Roles: manager = node 0 (it manages the named roots under every protocol, the blocks under the
# central and forwarding managers and migration, and is the sequencer of full-replication: shown as
# "sequencer" there); owner = node 2 (a plain owner of blocks that it and others created).
#
# Builds runtime, agent and examples first if a jar is missing (BUILD=1 forces it). Every wait is
# bounded; on exit (also on Ctrl-C) the script kills every JVM it started and removes their /dev/shm
# directories. With the defaults about 20 s per run when recovery works (20 runs: ~7 min on 2
# cores); a run whose survivors hit fault timeouts takes up to a minute.
#
# Environment (all optional):
#   PROTOCOLS="central-server migration ..."   protocols to run (default: all ten, asked of the agent)
#   ROLES="manager owner"    killed roles
#   KILL=1                   0: kill nobody (the harness's own check: every node must pass, nothing lost)
#   CELLS=32                 cells per node (a multiple of 4)
#   PHASE1_MS=4000           phase 1 (everybody writes and reads) before the victim freezes its kept cells
#   AFTER_MS=8000            how long the survivors go on working after the kill
#   PACE_US=1000             pause between two steps (one write and one read) of a node's worker
#   FAILURE_MS=1500 HEARTBEAT_MS=200 FAULT_MS=10000 LEAVE_MS=5000
#                            dsm.failure.timeout.ms, dsm.heartbeat.interval.ms, dsm.fault.timeout.ms,
#                            dsm.leave.timeout.ms of the nodes; the longest pause allowed is
#                            FAILURE_MS + FAULT_MS
#   READY_TIMEOUT=90         seconds for READY-TO-DIE and ARMED;  FINISH_TIMEOUT=150  for the survivors after the kill
#   PORT_BASE=47900          run r uses UDP ports PORT_BASE+3r .. +3r+2 (47800.. is run-idle-cpu.sh's)
#   DSM_ARGS="..."           extra -D options for every node JVM
#   RESULTS=dir              logs, properties and summary.md (default benchmarks/target/chaos-results)
#   BUILD=1                  build even if the jars exist;  MVN_ARGS="-o"  extra Maven arguments
set -euo pipefail
# shellcheck source=../bin/lib/dsm-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/dsm-common.sh"

AGENT="$(dsm_jar agent)"
JAR="$(dsm_jar examples)"
MAIN=io.dsm.examples.chaos.ChaosWorkload
ROLES="${ROLES:-manager owner}"
KILL="${KILL:-1}"
CELLS="${CELLS:-32}"
PHASE1_MS="${PHASE1_MS:-4000}"
AFTER_MS="${AFTER_MS:-8000}"
PACE_US="${PACE_US:-1000}"
FAILURE_MS="${FAILURE_MS:-1500}"
HEARTBEAT_MS="${HEARTBEAT_MS:-200}"
FAULT_MS="${FAULT_MS:-10000}"
LEAVE_MS="${LEAVE_MS:-5000}"
READY_TIMEOUT="${READY_TIMEOUT:-90}"
FINISH_TIMEOUT="${FINISH_TIMEOUT:-150}"
PORT_BASE="${PORT_BASE:-47900}"
RESULTS="${RESULTS:-$DSM_ROOT/benchmarks/target/chaos-results}"
SHM_PREFIX="/dev/shm/dsm-chaos-$$"

for v in KILL CELLS PHASE1_MS AFTER_MS PACE_US FAILURE_MS HEARTBEAT_MS FAULT_MS LEAVE_MS READY_TIMEOUT FINISH_TIMEOUT PORT_BASE; do
    [[ "${!v}" =~ ^[0-9]+$ ]] || { echo "ERROR: $v must be a whole number, not '${!v}'" >&2; exit 2; }
done
(( CELLS >= 4 && CELLS % 4 == 0 )) || { echo "ERROR: CELLS must be a positive multiple of 4" >&2; exit 2; }

cleanup() {
    dsm_stop_all 1
    rm -rf "$SHM_PREFIX"-* 2>/dev/null || true
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

if [[ "${BUILD:-0}" == 1 ]] || dsm_first_missing "$AGENT" "$JAR" >/dev/null; then
    echo "---- build: runtime, agent, examples"
    # shellcheck disable=SC2086
    dsm_build agent examples -- -Dmaven.install.skip=true ${MVN_ARGS:-}
fi
if missing=$(dsm_first_missing "$AGENT" "$JAR"); then
    echo "ERROR: $missing is missing after the build" >&2
    exit 1
fi
PROTOCOLS="${PROTOCOLS:-$(dsm_protocols | tr '\n' ' ')}"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# wait_line LOG PREFIX PID DEADLINE: waits until LOG has a line starting with PREFIX. Fails (1) if
# PID ended first, (2) if DEADLINE (bash SECONDS) passed.
wait_line() {
    local log=$1 prefix=$2 pid=$3 deadline=$4
    while ! grep -q "^$prefix" "$log" 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || return 1
        (( SECONDS < deadline )) || return 2
        sleep 0.05
    done
}

# field LINE KEY: the value of KEY=value in a CHAOS line ("?" if absent).
field() {
    local v
    v=$(tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p" | head -1)
    printf '%s' "${v:-?}"
}

# verdict LINE EXIT: "ok", or what failed on this survivor, from its summary line and exit status.
verdict() {
    local line=$1 rc=$2 out=()
    if [[ -z "$line" ]]; then
        printf 'no summary (exit %s)' "$rc"
        return
    fi
    if [[ "$(field "$line" kill)" == true && "$(field "$line" detectMs)" == -1 ]]; then out+=("not detected"); fi
    [[ "$(field "$line" timeouts)" == 0 ]] || out+=("$(field "$line" timeouts) timeouts")
    [[ "$(field "$line" failedOps)" == 0 ]] || out+=("$(field "$line" failedOps) failed ops")
    [[ "$(field "$line" lost)" == "$(field "$line" expectedLost)" ]] || out+=("lost $(field "$line" lost)≠$(field "$line" expectedLost)")
    [[ "$(field "$line" torn)" == 0 ]] || out+=("$(field "$line" torn) torn")
    [[ "$(field "$line" unverified)" == 0 ]] || out+=("$(field "$line" unverified) unverified")
    if (( $(field "$line" maxPauseMs) > $(field "$line" maxPauseLimitMs) )); then out+=("pause > $(field "$line" maxPauseLimitMs) ms"); fi
    if [[ "$(field "$line" result)" != ok && ${#out[@]} -eq 0 ]]; then out+=("$(field "$line" errors) errors"); fi
    (( rc == 0 )) || out+=("exit $rc")
    if (( ${#out[@]} == 0 )); then
        printf 'ok'
    else
        local IFS=,
        printf '%s' "${out[*]}" | sed 's/,/, /g'
    fi
}

# joined VALUE...: the values separated by " · " (one per survivor).
joined() {
    local IFS='|'
    printf '%s' "$*" | sed 's,|, · ,g'
}

START=$SECONDS
echo "chaos soak: $(nproc) cores, $("$JAVA" -version 2>&1 | head -1); protocols: $PROTOCOLS; roles: $ROLES; kill: $KILL"
echo "cells/node $CELLS, phase 1 ${PHASE1_MS} ms, after the kill ${AFTER_MS} ms, failure timeout ${FAILURE_MS} ms," \
     "heartbeat ${HEARTBEAT_MS} ms, fault timeout ${FAULT_MS} ms"
rows=()
status=0
run=0
for protocol in $PROTOCOLS; do
    for role in $ROLES; do
        case "$role" in
            manager) victim=0 ;;
            owner) victim=2 ;;
            *) echo "ERROR: unknown role '$role' (manager or owner)" >&2; exit 2 ;;
        esac
        label="$role"
        [[ "$protocol" == full-replication && "$role" == manager ]] && label=sequencer
        dir="$RESULTS/$protocol-$label"
        mkdir -p "$dir"
        port=$(( PORT_BASE + 3 * run ))
        run=$(( run + 1 ))
        cat >"$dir/dsm.properties" <<PROPS
dsm.nodes=0@127.0.0.1:$port,1@127.0.0.1:$((port + 1)),2@127.0.0.1:$((port + 2))
dsm.failure.timeout.ms=$FAILURE_MS
dsm.heartbeat.interval.ms=$HEARTBEAT_MS
dsm.fault.timeout.ms=$FAULT_MS
dsm.leave.timeout.ms=$LEAVE_MS
dsm.connect.timeout.ms=30000
PROPS
        killfile="$dir/killed-at"
        printf '\n---- %s, kill -9 node %s (%s) (%s)\n' "$protocol" "$victim" "$label" "$(date +%T)"
        pids=()
        for i in 0 1 2; do
            # shellcheck disable=SC2086
            dsm_start "$JAVA" -javaagent:"$AGENT=$dir/dsm.properties" -Xmx256m "${DSM_JVM_FLAGS[@]}" \
                -Ddsm.node.id=$i -Ddsm.protocol="$protocol" -Ddsm.aeron.dir="$SHM_PREFIX-$run-$i" \
                -Dchaos.victim=$victim -Dchaos.kill="$( (( KILL )) && echo true || echo false)" -Dchaos.killfile="$killfile" \
                -Dchaos.cells="$CELLS" -Dchaos.phase1.ms="$PHASE1_MS" -Dchaos.after.ms="$AFTER_MS" -Dchaos.pace.us="$PACE_US" \
                -Dchaos.max.pause.ms=$(( FAILURE_MS + FAULT_MS )) ${DSM_ARGS:-} \
                -cp "$JAR" $MAIN >"$dir/node-$i.log" 2>&1
            pids+=("$DSM_STARTED_PID")
        done
        armed=1 why=""
        deadline=$(( SECONDS + READY_TIMEOUT ))
        for i in 0 1 2; do
            if (( i == victim )); then prefix=READY-TO-DIE; else prefix=ARMED; fi
            rc=0
            wait_line "$dir/node-$i.log" "$prefix" "${pids[$i]}" "$deadline" || rc=$?
            if (( rc != 0 )); then
                armed=0
                why="node $i $( ((rc == 1)) && echo "ended" || echo "took over ${READY_TIMEOUT}s") before $prefix"
                break
            fi
        done
        if (( armed && KILL )); then
            killed_at=$(date +%s%3N)
            kill -9 "${pids[$victim]}"
            printf '%s' "$killed_at" >"$killfile.tmp" && mv "$killfile.tmp" "$killfile"
            echo "killed node $victim (pid ${pids[$victim]}) at $killed_at"
        fi
        exits=()
        for i in 0 1 2; do
            rc=0
            if (( KILL && armed && i == victim )); then
                wait "${pids[$i]}" 2>/dev/null || true
                exits+=(killed)
                continue
            fi
            if (( armed )); then
                dsm_await "${pids[$i]}" "$FINISH_TIMEOUT" "node $i of $protocol/$label" || rc=$?
            else
                dsm_kill_tree "${pids[$i]}" KILL
                wait "${pids[$i]}" 2>/dev/null || rc=$?
            fi
            exits+=("$rc")
        done
        rm -rf "$SHM_PREFIX-$run"-* 2>/dev/null || true
        detect=() pause=() recovered=() lost=() result=()
        for i in 0 1 2; do
            (( KILL && i == victim )) && continue
            line=$(grep '^CHAOS ' "$dir/node-$i.log" | tail -1 || true)
            grep -E '^(CHAOS|KILL-SEEN|DETECTED)' "$dir/node-$i.log" | sed "s/^/[node $i] /" | cut -c1-300 || true
            d=$(field "$line" detectMs)
            [[ "$d" != -1 ]] || d=none
            detect+=("$d")
            pause+=("$(field "$line" maxPauseMs)")
            recovered+=("$(field "$line" recovered)")
            lost+=("$(field "$line" lost)/$(field "$line" expectedLost)")
            if (( armed )); then v=$(verdict "$line" "${exits[$i]}"); else v="$why"; fi
            [[ "$v" == ok ]] || v="node $i: $v"
            result+=("$v")
        done
        res=ok
        for r in "${result[@]}"; do [[ "$r" == ok ]] || res=""; done
        if [[ -z "$res" ]]; then
            status=1
            res=$(printf '%s\n' "${result[@]}" | grep -v '^ok$' | paste -sd ';' | sed 's/;/; /g')
        fi
        killed="node $victim ($label)"
        (( KILL )) || killed="none (node $victim would be the $label)"
        rows+=("| $protocol | $killed | $(joined "${detect[@]}") | $(joined "${pause[@]}") | $(joined "${recovered[@]}") | $(joined "${lost[@]}") | $res |")
        echo "${rows[-1]}"
    done
done

{
    echo
    echo "## Chaos soak: kill -9 one of 3 nodes ($(date -u +%F), $(nproc) cores)"
    echo
    echo "$CELLS cells per node, phase 1 ${PHASE1_MS} ms, ${AFTER_MS} ms of work after the kill; failure timeout ${FAILURE_MS} ms," \
         "heartbeat ${HEARTBEAT_MS} ms, fault timeout ${FAULT_MS} ms (longest pause allowed $(( FAILURE_MS + FAULT_MS )) ms)." \
         "One figure per survivor, in node order."
    echo
    echo "| protocol | killed | detection ms | longest pause ms | recovered | lost / expected | result |"
    echo "| --- | --- | --- | --- | --- | --- | --- |"
    printf '%s\n' "${rows[@]}"
} | tee "$RESULTS/summary.md"
echo
echo "total $(( SECONDS - START ))s; logs and summary.md in $RESULTS"
exit "$status"
