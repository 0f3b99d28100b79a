#!/usr/bin/env bash
# The announced write path (issue 14), all of it, on JDK 17 and 25:
#   1. bytecode check: the agent hoisted the writer slot into a local in WritePathBenchmark's loop
#      methods (they call $dsm$w$x(o, v, slot) and WriterSlots.mine() once) and not in the setter
#      set(SharedPoint, int) (it calls $dsm$w$x(o, v), which does the thread-local lookup)
#   2. JMH WritePathBenchmark per JDK x write mode (-Ddsm.writes=asym, -Ddsm.writes=cas), each one
#      JMH run holding the plain baselines and the shared shapes (each shared method runs right
#      after its plain one); table shape x mode x JDK with ns/op and the ratio shared / plain, of
#      JMH's means and of the fastest measurement iterations (less disturbed by other load)
#      (targets: writeMany <= 1.5x, writeOne <= 2.5x, reads ~1.0x)
#   3. RevocationCost per JDK x write mode: one BlockTransitions.revoke of a block in WRITE and in
#      WRITE_CAS, p50/p99, beside the raw membarrier, without and with a writer thread running
#   4. PingPongMoves per JDK: one block written by two nodes of an in-process cluster, moves/s,
#      with dsm.writes.hot.ms=10 (adaptive, the default), =0 (every move pays the barrier) and
#      dsm.writes=cas
# Every step records the load average (/proc/loadavg) beside its figures.
#
#   benchmarks/run-write-path.sh [out dir, default benchmarks/target/write-path]
#
# Environment (all optional):
#   JDKS="17=/usr/lib/jvm/java-17-openjdk-amd64 25=/usr/lib/jvm/temurin-25-jdk-amd64"  (name=home)
#   MODES="asym cas"       write modes for steps 2 and 3
#   JMH_ARGS="..."         JMH options (default: -f 1 -wi 3 -w 1s -i 5 -r 1s)
#   JMH_FILTER=regex       default WritePathBenchmark
#   JMH_ROUNDS=1           JMH runs per JDK x mode, rounds interleaved (JDK 17 asym, cas, JDK 25 asym,
#                          cas, then again): the summary prints every round and the medians
#   REVOKE_ROUNDS=20000    revocations per situation (step 3)
#   PINGPONG_SECONDS=5     measured seconds per ping-pong run (step 4)
#   STEPS="hoist jmh revoke pingpong"   which steps
#   DSM_AGENT_JAR / BENCH_JAR          the jars (default: the build's); builds nothing:
#     mvn -B -q install -DskipTests -pl runtime,agent,examples,benchmarks
# JDK 22+ JVMs get --enable-native-access=ALL-UNNAMED (the barrier is an FFM downcall there);
# every JVM gets the --add-exports/--add-opens of bin/lib/dsm-common.sh. Each JVM has a time
# limit; on exit the script kills the JVMs it started (JMH forks included).
# About 12 minutes on 2 cores with the defaults.
set -euo pipefail
# shellcheck source=bin/lib/dsm-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/dsm-common.sh"

out=${1:-$DSM_ROOT/benchmarks/target/write-path}
JDKS="${JDKS:-17=/usr/lib/jvm/java-17-openjdk-amd64 25=/usr/lib/jvm/temurin-25-jdk-amd64}"
MODES="${MODES:-asym cas}"
JMH_ARGS="${JMH_ARGS:--f 1 -wi 3 -w 1s -i 5 -r 1s}"
JMH_FILTER="${JMH_FILTER:-WritePathBenchmark}"
JMH_ROUNDS="${JMH_ROUNDS:-1}"
REVOKE_ROUNDS="${REVOKE_ROUNDS:-20000}"
PINGPONG_SECONDS="${PINGPONG_SECONDS:-5}"
STEPS="${STEPS:-hoist jmh revoke pingpong}"
BENCH_JAR="${BENCH_JAR:-$(dsm_jar benchmarks)}"
if missing=$(dsm_first_missing "$AGENT_JAR" "$BENCH_JAR"); then
    echo "ERROR: $missing is missing; build first: mvn -B -q install -DskipTests -pl runtime,agent,examples,benchmarks" >&2
    exit 1
fi
mkdir -p "$out"
cleanup() {
    dsm_stop_all 1
    dsm_rm_cluster_dirs "${DSM_PIDS[@]+"${DSM_PIDS[@]}"}"
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

load() { cut -d' ' -f1-3 /proc/loadavg; }
step() { printf '\n==== %s (%s, load average %s)\n' "$1" "$(date +%T)" "$(load)"; }
has_step() { [[ " $STEPS " == *" $1 "* ]]; }

# jvm_flags HOME: prints the flags a dsm JVM of that JDK needs, one per line
jvm_flags() {
    local feature
    feature=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ { print $2 }')
    printf '%s\n' "${DSM_JVM_FLAGS[@]}"
    if (( feature >= 22 )); then
        printf '%s\n' --enable-native-access=ALL-UNNAMED
    fi
}

# run_java SECONDS LOG WHAT HOME ARGS...: one JVM with the agent and the JDK's flags, output in LOG
run_java() {
    local seconds=$1 log=$2 what=$3 home=$4
    shift 4
    local flags
    mapfile -t flags < <(jvm_flags "$home")
    dsm_start "$home/bin/java" -javaagent:"$AGENT_JAR" "${flags[@]}" "$@" >"$log" 2>&1
    if ! dsm_await "$DSM_STARTED_PID" "$seconds" "$what"; then
        echo "ERROR: $what failed; its log ($log):" >&2
        cat "$log" >&2
        return 1
    fi
}

echo "write path benchmarks: $(nproc) cores, load average $(load), $(git -C "$DSM_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
first_home=${JDKS%% *}
first_home=${first_home#*=}

if has_step hoist; then
    step "bytecode: is the writer slot hoisted where it should be?"
    rm -rf "$out/transformed"
    run_java 60 "$out/hoist.log" "DumpTransformed" "$first_home" -cp "$BENCH_JAR" \
        io.dsm.benchmarks.fastpath.DumpTransformed "$out/transformed" io.dsm.benchmarks.fastpath.WritePathBenchmark
    "$first_home/bin/javap" -c -p "$out/transformed/WritePathBenchmark.class" > "$out/transformed/WritePathBenchmark.javap"
    awk '
        /^  [a-z].*\(.*\);$/ { m = $0; sub(/\(.*/, "", m); sub(/.* /, "", m); if ($0 ~ /SharedPoint, int/) m = "set(SharedPoint)" }
        /WriterSlots.mine/ { mine[m]++ }
        /\$dsm\$w\$x:\(Lio\/dsm\/benchmarks\/fastpath\/SharedPoint;ILio\/dsm\/runtime\/block\/WriterSlot;\)V/ { slot[m]++ }
        /\$dsm\$w\$x:\(Lio\/dsm\/benchmarks\/fastpath\/SharedPoint;I\)V/ { noslot[m]++ }
        END {
            n = split("writeManyShared writeManyCas writeOneShared", hoisted, " ")
            for (i = 1; i <= n; i++) {
                k = hoisted[i]; ok = mine[k] == 1 && slot[k] >= 1 && noslot[k] == 0
                printf "%-18s WriterSlots.mine() x%d, slot accessor x%d, slotless x%d: %s\n", k, mine[k], slot[k], noslot[k], ok ? "hoisted (OK)" : "NOT HOISTED"
                bad += !ok
            }
            n = split("set(SharedPoint) setterManyShared setterOneShared", plain, " ")
            for (i = 1; i <= n; i++) {
                k = plain[i]; ok = mine[k] == 0 && slot[k] == 0 && (k != "set(SharedPoint)" || noslot[k] == 1)
                printf "%-18s WriterSlots.mine() x%d, slot accessor x%d, slotless x%d: %s\n", k, mine[k], slot[k], noslot[k], ok ? "per-call lookup (OK)" : "UNEXPECTED"
                bad += !ok
            }
            exit bad > 0
        }' "$out/transformed/WritePathBenchmark.javap" | tee "$out/hoist.txt" || { echo "ERROR: hoisting is not as the benchmark assumes" >&2; exit 1; }
fi

if has_step jmh; then
    : > "$out/jmh-scores.txt"
    for ((round = 1; round <= JMH_ROUNDS; round++)); do
    for entry in $JDKS; do
        name=${entry%%=*}; home=${entry#*=}
        for mode in $MODES; do
            run="$name-$mode-r$round"
            step "JMH $JMH_FILTER, JDK $name, dsm.writes=$mode, round $round of $JMH_ROUNDS ($JMH_ARGS)"
            mapfile -t flags < <(jvm_flags "$home")
            before=$(load)
            # -jvmArgsAppend is split on spaces by JMH: the agent path must not contain any
            # shellcheck disable=SC2086
            dsm_start "$home/bin/java" -jar "$BENCH_JAR" "$JMH_FILTER" $JMH_ARGS \
                -jvmArgsAppend "-javaagent:$AGENT_JAR ${flags[*]} -Ddsm.writes=$mode" \
                -rf csv -rff "$out/jmh-$run.csv" >"$out/jmh-$run.log" 2>&1
            if ! dsm_await "$DSM_STARTED_PID" 600 "JMH JDK $name $mode"; then
                echo "ERROR: JMH JDK $name $mode failed; its log:" >&2
                cat "$out/jmh-$run.log" >&2
                exit 1
            fi
            after=$(load)
            grep -m1 -o 'write mode: .*' "$out/jmh-$run.log" || true
            sed -n '/^Benchmark .*Mode/,$p' "$out/jmh-$run.log"
            # "round jdk mode method mean error min-iteration load-before load-after"; the fastest
            # measurement iteration is what a neighbour's load disturbs least
            awk -v r="$round" -v j="$name" -v m="$mode" -v lb="${before%% *}" -v la="${after%% *}" '
                FNR == 1 { file++ }
                file == 1 && /^# Benchmark: / { b = $3; sub(/.*\./, "", b) }
                file == 1 && /^Iteration +[0-9]+: / { v = $3 + 0; if (!(b in lo) || v < lo[b]) lo[b] = v }
                file == 2 && FNR > 1 { gsub(/"/, ""); split($0, f, ","); b = f[1]; sub(/.*\./, "", b)
                    print r, j, m, b, f[5], f[6], lo[b], lb, la }' \
                "$out/jmh-$run.log" FS=, "$out/jmh-$run.csv" >> "$out/jmh-scores.txt"
        done
    done
    done
    step "JMH summary: ns/op (JMH mean ± error) and ratio shared / plain, each pair from one JMH run"
    awk -v rounds="$JMH_ROUNDS" '
        { k = $2 SUBSEP $3 SUBSEP $4; s[$1, k] = $5; e[$1, k] = $6; lo[$1, k] = $7; lb[$1, $2, $3] = $8; la[$1, $2, $3] = $9
          if (!seen[$2]++) jdks[++nj] = $2; if (!seenm[$3]++) modes[++nm] = $3 }
        function median(a, n,    i, j, t) {
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        END {
            n = split("writeMany:writeManyShared:writeManyPlain:<=1.5 writeOne:writeOneShared:writeOnePlain:<=2.5 setterMany:setterManyShared:setterManyPlain:- setterOne:setterOneShared:setterOnePlain:- writeManyCas(state8):writeManyCas:writeManyPlain:- readMany:readManyShared:readManyPlain:~1.0 readOne:readOneShared:readOnePlain:~1.0", rows, " ")
            printf "%-20s %-5s %-4s %-6s %15s %15s %7s %9s %9s %7s %s\n", "shape", "mode", "JDK", "round", "plain ns", "shared ns", "ratio",
                "min plain", "min shrd", "min rat", "target load(before/after)"
            for (i = 1; i <= n; i++) {
                split(rows[i], r, ":")
                for (a = 1; a <= nm; a++) for (b = 1; b <= nj; b++) {
                    m = modes[a]; j = jdks[b]; cnt = 0
                    for (rd = 1; rd <= rounds; rd++) {
                        kp = j SUBSEP m SUBSEP r[3]; kx = j SUBSEP m SUBSEP r[2]
                        if (!((rd, kx) in s)) continue
                        cnt++; q[cnt] = s[rd, kx] / s[rd, kp]; qm[cnt] = lo[rd, kx] / lo[rd, kp]
                        printf "%-20s %-5s %-4s %-6d %15s %15s %7.2f %9.3f %9.3f %7.2f %6s %s/%s\n", r[1], m, j, rd,
                            sprintf("%.3f±%.3f", s[rd, kp], e[rd, kp]), sprintf("%.3f±%.3f", s[rd, kx], e[rd, kx]), q[cnt],
                            lo[rd, kp], lo[rd, kx], qm[cnt], r[4], lb[rd, j, m], la[rd, j, m]
                    }
                    if (cnt > 1) {
                        lo1 = q[1]; hi1 = q[1]; for (c = 2; c <= cnt; c++) { if (q[c] < lo1) lo1 = q[c]; if (q[c] > hi1) hi1 = q[c] }
                        printf "%-20s %-5s %-4s %-6s %15s %15s %7.2f %9s %9s %7.2f %6s (ratio range %.2f-%.2f)\n", r[1], m, j, "median", "", "",
                            median(q, cnt), "", "", median(qm, cnt), r[4], lo1, hi1
                    }
                }
            }
        }' "$out/jmh-scores.txt" | tee "$out/jmh-summary.txt"
fi

if has_step revoke; then
    for entry in $JDKS; do
        name=${entry%%=*}; home=${entry#*=}
        for mode in $MODES; do
            step "revocation cost, JDK $name, dsm.writes=$mode"
            run_java 300 "$out/revoke-$name-$mode.log" "RevocationCost JDK $name $mode" "$home" -Ddsm.writes="$mode" \
                -cp "$BENCH_JAR" io.dsm.benchmarks.fastpath.RevocationCost "$REVOKE_ROUNDS"
            grep -v '^WARNING' "$out/revoke-$name-$mode.log"
        done
    done
fi

if has_step pingpong; then
    for entry in $JDKS; do
        name=${entry%%=*}; home=${entry#*=}
        for variant in "adaptive:-Ddsm.writes=asym -Ddsm.writes.hot.ms=10" "barrier-every-move:-Ddsm.writes=asym -Ddsm.writes.hot.ms=0" "cas:-Ddsm.writes=cas"; do
            label=${variant%%:*}
            # shellcheck disable=SC2206
            props=(${variant#*:})
            step "ping-pong, JDK $name, $label (${props[*]})"
            run_java 180 "$out/pingpong-$name-$label.log" "PingPongMoves JDK $name $label" "$home" "${props[@]}" \
                -cp "$BENCH_JAR" io.dsm.benchmarks.fastpath.PingPongMoves "$PINGPONG_SECONDS"
            grep -E '^(JDK|moves)' "$out/pingpong-$name-$label.log" | tee -a "$out/pingpong-summary.txt"
        done
    done
fi
echo
echo "done ($(date +%T), load average $(load)); logs in $out"
