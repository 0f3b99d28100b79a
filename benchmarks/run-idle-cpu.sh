#!/usr/bin/env bash
# Idle CPU of a dsm cluster: starts NODES (3) JVMs on 127.0.0.1, each a dsm node started by the
# real agent from one dsm.properties (as bin/dsm-run does), plus one plain JVM with no agent for
# reference; each node binds one shared root and reads it (io.dsm.benchmarks.idle.IdleMain), prints
# "IDLE READY" and sleeps. Once every JVM is ready and SETTLE_SECONDS have passed, the script
# reads /proc/<pid>/stat and /proc/<pid>/task/*/{stat,comm,schedstat} every SAMPLE_SECONDS for
# IDLE_SECONDS and prints: the CPU (utime+stime) of each JVM and of the nodes together as % of one
# core, the same per SAMPLE_SECONDS interval, the busiest threads by name, the threads of the
# nodes grouped by name, and how busy the whole machine was meanwhile. Asserts nothing; the
# issue's target is <= 5 % of one core for 3 idle nodes together. About 45-60 s.
#
# Builds runtime, agent and benchmarks first if a jar is missing (BUILD=1 forces it). Every JVM has
# a time limit of its own; on exit (also on Ctrl-C) the script stops every JVM it started (TERM,
# so the nodes leave the cluster; KILL after STOP_GRACE s) and removes their /dev/shm directories.
#
# Environment (all optional):
#   DSM_ARGS="..."       extra -D options for every node JVM, e.g. -Ddsm.idle.strategy=yielding
#   JAVA_OPTS="..."      extra JVM options for every JVM, the plain one included (e.g. -Xmx256m)
#   IDLE_SECONDS=25      the measured window
#   SETTLE_SECONDS=5     wait after every JVM printed IDLE READY, before the window
#   SAMPLE_SECONDS=5     interval of the per-interval line (the window is cut into such intervals)
#   NODES=3              number of dsm nodes
#   PORT_BASE=47800      node i listens on UDP PORT_BASE+i
#   TOP_THREADS=15       how many threads the per-thread table lists
#   START_TIMEOUT=90     seconds every JVM gets to print IDLE READY
#   STOP_GRACE=15        seconds the JVMs get to leave and exit after TERM, before KILL
#   RESULTS=dir          logs, dsm.properties, /proc snapshots, summary.txt and summary.properties
#                        (default benchmarks/target/idle-results)
#   BUILD=1              build even if the jars exist;  MVN_ARGS="-o"  extra Maven arguments
#   DSM_AGENT_JAR=path   attach this agent jar instead of agent/target/dsm-agent.jar
set -euo pipefail
# shellcheck source=../bin/lib/dsm-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/dsm-common.sh"

ROOT=$DSM_ROOT
JAR=$(dsm_jar benchmarks)
DSM_ARGS="${DSM_ARGS:-}"
JAVA_OPTS="${JAVA_OPTS:-}"
IDLE_SECONDS="${IDLE_SECONDS:-25}"
SETTLE_SECONDS="${SETTLE_SECONDS:-5}"
SAMPLE_SECONDS="${SAMPLE_SECONDS:-5}"
NODES="${NODES:-3}"
PORT_BASE="${PORT_BASE:-47800}"
TOP_THREADS="${TOP_THREADS:-15}"
START_TIMEOUT="${START_TIMEOUT:-90}"
STOP_GRACE="${STOP_GRACE:-15}"
RESULTS="${RESULTS:-$ROOT/benchmarks/target/idle-results}"
TARGET_PCT=5
SHM_PREFIX="/dev/shm/dsm-idlecpu-$$"
HZ=$(getconf CLK_TCK)

for v in IDLE_SECONDS SETTLE_SECONDS SAMPLE_SECONDS NODES PORT_BASE TOP_THREADS START_TIMEOUT STOP_GRACE; do
    [[ "${!v}" =~ ^[0-9]+$ ]] || { echo "ERROR: $v must be a whole number, not '${!v}'" >&2; exit 2; }
done
(( IDLE_SECONDS > 0 && SAMPLE_SECONDS > 0 && NODES >= 1 && NODES <= 64 )) ||
    { echo "ERROR: IDLE_SECONDS and SAMPLE_SECONDS must be > 0, NODES 1..64" >&2; exit 2; }

LABELS=()   # node0 node1 ... plain, in the order of PIDS
PIDS=()

# Stops every JVM we started: TERM to all at once (the nodes leave together), up to STOP_GRACE s
# for them to exit, then KILL; then removes their Aeron directories.
cleanup() {
    local pid i alive
    for pid in "${DSM_PIDS[@]+"${DSM_PIDS[@]}"}"; do
        kill -0 "$pid" 2>/dev/null && dsm_kill_tree "$pid" TERM
    done
    for (( i = 0; i < STOP_GRACE * 5; i++ )); do
        alive=0
        for pid in "${DSM_PIDS[@]+"${DSM_PIDS[@]}"}"; do
            kill -0 "$pid" 2>/dev/null && alive=1
        done
        (( alive )) || break
        sleep 0.2
    done
    for pid in "${DSM_PIDS[@]+"${DSM_PIDS[@]}"}"; do
        if kill -0 "$pid" 2>/dev/null; then
            echo "WARNING: JVM $pid did not exit within ${STOP_GRACE}s of TERM; killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    rm -rf "$SHM_PREFIX"-* 2>/dev/null || true
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

# Sleeps in a way a signal interrupts at once (the trap runs without waiting for the sleep).
pause() {
    sleep "$1" &
    wait $! || true
}

loadavg() {
    cut -d' ' -f1-3 /proc/loadavg
}

say() {
    printf '%s\n' "$*" | tee -a "$RESULTS/summary.txt"
}

# snapshot FILE: appends one snapshot of every JVM we watch to FILE:
#   S <epoch seconds.micro>
#   M <busy jiffies> <all jiffies>                       (the machine, from /proc/stat)
#   P <label> <pid> <utime> <stime> <threads>            (the JVM, from /proc/<pid>/stat)
#   T <label> <tid> <utime> <stime> <run ns> <runs> <comm>   (one thread: task/<tid>/stat, schedstat, comm)
# Reads with getline only, so a thread that ends meanwhile is skipped, not an error.
snapshot() {
    local out=$1 i pid files=()
    for i in "${!PIDS[@]}"; do
        pid=${PIDS[$i]}
        files+=("${LABELS[$i]}" "/proc/$pid" /proc/"$pid"/task/*)
    done
    printf 'S %s\n' "$EPOCHREALTIME" >>"$out"
    awk -v n="${#files[@]}" '
        function statfields(line, f,    k, j) {
            k = 0
            while ((j = index(substr(line, k + 1), ")")) > 0) k += j
            return split(substr(line, k + 2), f, " ")
        }
        BEGIN {
            if ((getline line < "/proc/stat") > 0) {
                split(line, c, " "); all = 0
                for (k = 2; k <= 9; k++) all += c[k]
                print "M", all - c[5] - c[6], all
            }
            close("/proc/stat")
            for (a = 1; a < ARGC; a++) {
                p = ARGV[a]
                if (p !~ /^\//) { label = p; proc = ""; continue }
                if (proc == "") {
                    proc = p
                    if ((getline line < (p "/stat")) > 0 && statfields(line, f) >= 18)
                        print "P", label, substr(p, 7), f[12], f[13], f[18]
                    close(p "/stat")
                    continue
                }
                tid = p; sub(/.*\//, "", tid)
                if ((getline line < (p "/stat")) <= 0 || statfields(line, f) < 13) { close(p "/stat"); continue }
                close(p "/stat")
                run = -1; runs = -1
                if ((getline s < (p "/schedstat")) > 0) { split(s, ss, " "); run = ss[1]; runs = ss[3] }
                close(p "/schedstat")
                comm = "?"
                if ((getline comm < (p "/comm")) <= 0) comm = "?"
                close(p "/comm")
                print "T", label, tid, f[12], f[13], run, runs, comm
            }
            exit
        }' "${files[@]}" >>"$out"
}

# report FROM TO: what the JVMs used between two snapshot files (each holds one snapshot).
report() {
    local from=$1 to=$2
    awk -v hz="$HZ" -v nodes="$NODES" -v top="$TOP_THREADS" -v target="$TARGET_PCT" -v props="$RESULTS/summary.properties" '
        FNR == 1 { snap++ }
        $1 == "S" { t[snap] = $2 }
        $1 == "M" { busy[snap] = $2 }
        $1 == "P" { key = $2; ticks[snap, key] = $4 + $5; pid[key] = $3; nthreads[key] = $6; if (snap == 1) order[++nproc] = key }
        $1 == "T" {
            key = $2 SUBSEP $3
            comm = $0; sub(/^T +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +/, "", comm)
            tticks[snap, key] = $4 + $5; trun[snap, key] = $6; truns[snap, key] = $7
            name[key] = comm; jvm[key] = $2; tidof[key] = $3; seen[key] = 1
        }
        END {
            secs = t[2] - t[1]
            pct = 100 / (hz * secs)
            printf "window %.1f s, CLK_TCK %d (1 tick = %.3f %% of one core over the window)\n\n", secs, hz, pct
            printf "%-24s %8s %8s %11s %8s\n", "JVM", "pid", "threads", "cpu ticks", "% core"
            total = 0
            for (i = 1; i <= nproc; i++) {
                k = order[i]
                if (!((2, k) in ticks)) { printf "%-24s %8s  ended during the window\n", k, pid[k]; continue }
                d = ticks[2, k] - ticks[1, k]
                printf "%-24s %8s %8s %11d %8.2f\n", (k == "plain" ? "plain JVM (no agent)" : k), pid[k], nthreads[k], d, d * pct
                if (k ~ /^node/) total += d; else plain = d
                print "jvm." k ".pct=" sprintf("%.2f", d * pct) > props
            }
            printf "%-24s %8s %8s %11d %8.2f   (target <= %d: %s)\n", "dsm total (" nodes " nodes)", "", "", total, total * pct,
                target, (total * pct <= target ? "met" : "missed")
            mb = (busy[2] - busy[1]) * pct
            printf "\nmachine: %.1f %% of one core busy in all during the window; these JVMs %.1f, everything else %.1f\n",
                mb, (total + plain) * pct, mb - (total + plain) * pct
            if (mb - (total + plain) * pct > 20)
                printf "NOTE: other processes used %.0f %% of one core meanwhile: on a small machine they may have changed these figures\n",
                    mb - (total + plain) * pct
            print "window.seconds=" sprintf("%.1f", secs) > props
            print "dsm.total.pct=" sprintf("%.2f", total * pct) > props
            print "machine.busy.pct=" sprintf("%.1f", mb) > props
            print "machine.other.pct=" sprintf("%.1f", mb - (total + plain) * pct) > props

            # threads: by CPU ns (schedstat) when the kernel gives it, else by ticks
            n = 0
            for (key in seen) {
                if (!((2, key) in tticks)) continue
                dt = tticks[2, key] - ((1, key) in tticks ? tticks[1, key] : 0)
                dr = trun[2, key] >= 0 ? trun[2, key] - ((1, key) in trun ? trun[1, key] : 0) : -1
                dn = truns[2, key] >= 0 ? truns[2, key] - ((1, key) in truns ? truns[1, key] : 0) : -1
                sortkey = dr >= 0 ? dr : dt * 1e9 / hz
                rows[++n] = sprintf("%020.0f\t%s\t%s\t%s\t%d\t%s\t%s\t%s", sortkey, jvm[key], tidof[key], name[key], dt,
                    sprintf("%.2f", dt * pct), dr >= 0 ? sprintf("%.2f", dr / 1e7 / secs) : "-",
                    dn >= 0 ? sprintf("%.0f", dn / secs) : "-")
                g = name[key]
                while (match(g, /[-#][0-9]+/)) g = substr(g, 1, RSTART) "N" substr(g, RSTART + RLENGTH)
                if (jvm[key] ~ /^node/) {
                    gt[g] += dt; gr[g] += (dr >= 0 ? dr : 0); gn[g] += (dn >= 0 ? dn : 0); gc[g]++
                }
            }
            cmd = "sort -r | head -" top
            printf "\ntop %d threads (%% core from ticks; ns %% from /proc/.../schedstat; runs/s = times scheduled in)\n", top
            printf "%-8s %8s  %-16s %6s %8s %8s %8s\n", "JVM", "tid", "thread", "ticks", "% core", "ns %", "runs/s"
            fflush()
            for (i = 1; i <= n; i++) print rows[i] | cmd
            close(cmd)
            printf "\nnode threads grouped by name (digits after - or # -> N), all %d nodes together\n", nodes
            printf "%-18s %7s %6s %8s %8s %8s\n", "thread", "count", "ticks", "% core", "ns %", "runs/s"
            cmd = "sort -t\"\t\" -k1,1r | cut -f2-"
            fflush()
            for (g in gt) {
                pg = g; gsub(/[^A-Za-z0-9#-]+/, "_", pg)
                print "threads." pg ".pct=" sprintf("%.2f", gt[g] * pct) > props
            }
            quiet = 0
            for (g in gt) if (gt[g] == 0 && gr[g] < 1e6 * secs) { quiet++; delete gt[g] }
            for (g in gt) print sprintf("%020.0f", gr[g]) "\t" sprintf("%-18s %7d %6d %8.2f %8.2f %8.0f", g, gc[g], gt[g], gt[g] * pct, gr[g] / 1e7 / secs, gn[g] / secs) | cmd
            close(cmd)
            if (quiet) printf "(%d more kinds below 0.1 %% of one core each, all nodes together: GC, VM, finalizer, signal...)\n", quiet
        }' "$from" "$to" | awk -F'\t' 'NF == 8 { printf "%-8s %8s  %-16s %6s %8s %8s %8s\n", $2, $3, $4, $5, $6, $7, $8; next } { print }'
}

# interval_line FILE...: the nodes' total and the plain JVM as % of one core in each interval.
interval_line() {
    awk -v hz="$HZ" '
        FNR == 1 { snap++ }
        $1 == "S" { t[snap] = $2 }
        $1 == "P" { if ($2 ~ /^node/) d[snap] += $4 + $5; else p[snap] += $4 + $5 }
        END {
            line = "per interval, dsm total % core:"; pl = "per interval, plain JVM % core:"
            for (i = 2; i <= snap; i++) {
                s = 100 / (hz * (t[i] - t[i - 1]))
                line = line sprintf(" %.1f", (d[i] - d[i - 1]) * s); pl = pl sprintf(" %.1f", (p[i] - p[i - 1]) * s)
            }
            print line; print pl
        }' "$@"
}

START=$SECONDS
mkdir -p "$RESULTS"
rm -f "$RESULTS"/*.log "$RESULTS"/snap-* "$RESULTS"/summary.txt "$RESULTS"/summary.properties "$RESULTS"/dsm.properties
say "dsm idle CPU: $NODES nodes + 1 plain JVM, $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
say "DSM_ARGS='$DSM_ARGS' JAVA_OPTS='$JAVA_OPTS' IDLE_SECONDS=$IDLE_SECONDS SETTLE_SECONDS=$SETTLE_SECONDS PORT_BASE=$PORT_BASE"
say "load average at start: $(loadavg)"

if [[ "${BUILD:-0}" == 1 || ! -f "$AGENT_JAR" || ! -f "$JAR" ]]; then
    echo "building runtime, agent, benchmarks"
    # shellcheck disable=SC2086
    (cd "$ROOT" && mvn -B -q ${MVN_ARGS:-} -DskipTests package -Dmaven.install.skip=true -pl runtime,agent,benchmarks -am)
fi
for f in "$AGENT_JAR" "$JAR"; do
    [[ -f "$f" ]] || { echo "ERROR: $f is missing; build first" >&2; exit 1; }
done
for (( i = 0; i < NODES; i++ )); do
    if ss -Hlun "sport = :$((PORT_BASE + i))" 2>/dev/null | grep -q .; then
        echo "ERROR: UDP port $((PORT_BASE + i)) is in use; choose another PORT_BASE" >&2
        exit 1
    fi
done

members=""
for (( i = 0; i < NODES; i++ )); do members+="${members:+,}$i@127.0.0.1:$((PORT_BASE + i))"; done
cat >"$RESULTS/dsm.properties" <<EOF
dsm.nodes=$members
dsm.connect.timeout.ms=$((START_TIMEOUT * 1000))
dsm.leave.timeout.ms=5000
EOF

# every JVM ends by itself after this long, whatever happens to the script
limit=$((START_TIMEOUT + SETTLE_SECONDS + IDLE_SECONDS + 60))
for (( i = 0; i < NODES; i++ )); do
    # shellcheck disable=SC2086
    dsm_start "$JAVA" -javaagent:"$AGENT_JAR=$RESULTS/dsm.properties" "${DSM_JVM_FLAGS[@]}" $JAVA_OPTS \
        -Ddsm.node.id="$i" -Ddsm.aeron.dir="$SHM_PREFIX-node$i" $DSM_ARGS \
        -cp "$JAR" io.dsm.benchmarks.idle.IdleMain node "$limit" >"$RESULTS/node$i.log" 2>&1
    LABELS+=("node$i"); PIDS+=("$DSM_STARTED_PID")
done
# shellcheck disable=SC2086
dsm_start "$JAVA" $JAVA_OPTS -cp "$JAR" io.dsm.benchmarks.idle.IdleMain plain "$limit" >"$RESULTS/plain.log" 2>&1
LABELS+=("plain"); PIDS+=("$DSM_STARTED_PID")

deadline=$((SECONDS + START_TIMEOUT))
for i in "${!PIDS[@]}"; do
    log="$RESULTS/${LABELS[$i]}.log"
    until grep -q '^IDLE READY' "$log"; do
        if ! kill -0 "${PIDS[$i]}" 2>/dev/null; then
            echo "ERROR: ${LABELS[$i]} (pid ${PIDS[$i]}) ended before it printed IDLE READY; its log:" >&2
            cat "$log" >&2
            exit 1
        fi
        if (( SECONDS >= deadline )); then
            echo "ERROR: ${LABELS[$i]} (pid ${PIDS[$i]}) did not print IDLE READY within ${START_TIMEOUT}s; its log:" >&2
            cat "$log" >&2
            exit 1
        fi
        pause 0.2
    done
    printed=$(sed -n 's/^IDLE READY .*, pid \([0-9]*\),.*/\1/p' "$log")
    if [[ "$printed" != "${PIDS[$i]}" ]]; then
        echo "ERROR: ${LABELS[$i]} says its pid is '$printed', the script started ${PIDS[$i]}" >&2
        exit 1
    fi
    say "  ${LABELS[$i]}: $(grep -m1 '^IDLE READY' "$log" | sed 's/^IDLE READY //')"
done
say "all ready after $((SECONDS - START)) s; settling ${SETTLE_SECONDS} s"
pause "$SETTLE_SECONDS"

say "load average before the window: $(loadavg)"
snaps=()
snap() {
    local f
    f="$RESULTS/snap-$(printf '%03d' "${#snaps[@]}")"
    : >"$f"
    snapshot "$f"
    snaps+=("$f")
}
snap
left=$IDLE_SECONDS
while (( left > 0 )); do
    step=$(( left < SAMPLE_SECONDS ? left : SAMPLE_SECONDS ))
    pause "$step"
    left=$((left - step))
    snap
done
say "load average after the window: $(loadavg)"
for i in "${!PIDS[@]}"; do
    kill -0 "${PIDS[$i]}" 2>/dev/null || { echo "ERROR: ${LABELS[$i]} ended during the window; its log:" >&2; cat "$RESULTS/${LABELS[$i]}.log" >&2; exit 1; }
done

say ""
report "${snaps[0]}" "${snaps[${#snaps[@]} - 1]}" | tee -a "$RESULTS/summary.txt"
interval_line "${snaps[@]}" | tee -a "$RESULTS/summary.txt"

cleanup
for i in "${!PIDS[@]}"; do
    if grep -q 'Exception\|ERROR\|not every peer has left' "$RESULTS/${LABELS[$i]}.log"; then
        echo "---- ${LABELS[$i]} log:"; cat "$RESULTS/${LABELS[$i]}.log"
    fi
done
left_dirs=$(ls -d "$SHM_PREFIX"-* 2>/dev/null || true)
[[ -z "$left_dirs" ]] || echo "WARNING: left in /dev/shm: $left_dirs" >&2
say ""
say "load average at end: $(loadavg)"
say "total $((SECONDS - START)) s; logs, snapshots and summary in $RESULTS"
