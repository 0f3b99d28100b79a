#!/usr/bin/env bash
# The fast path's ratios on a loaded machine: JMH runs FieldAccessBenchmark's methods in name
# order, so in one run the split* methods come last and meet whatever load the machine has then.
# This script runs each method as a JMH run of its own, for each loop the plain, one-block
# (shared) and multi-block (split) method back to back, the order of the three rotated every
# round, and prints per round and as medians over the rounds: split / plain, shared / plain and
# split / shared. Each ratio compares runs made within about half a minute of each other.
#
#   benchmarks/run-fastpath-rounds.sh [rounds, default 3] [out dir]
#
# Environment (all optional):
#   JMH_ARGS="..."      JMH options of each run (default: -f 1 -wi 3 -w 1s -i 5 -r 1s)
#   LOOPS="..."         which loops (default: ReadOne ReadMany WriteOne WriteMany ReadHoisted)
#   DSM_AGENT_JAR=...   the agent to attach (default: agent/target/dsm-agent.jar)
#   BENCH_JAR=...       the benchmarks jar (default: benchmarks/target/dsm-benchmarks.jar)
# Builds neither jar (run-benchmarks.sh does). Every JMH run has a time limit; on exit the script
# kills the JVMs it started, JMH forks included. About 15 runs of ~10 s per round.
set -euo pipefail
# shellcheck source=bin/lib/dsm-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/dsm-common.sh"

rounds=${1:-3}
out=${2:-$DSM_ROOT/benchmarks/target/fastpath-rounds}
JMH_ARGS="${JMH_ARGS:--f 1 -wi 3 -w 1s -i 5 -r 1s}"
LOOPS="${LOOPS:-ReadOne ReadMany WriteOne WriteMany ReadHoisted}"
BENCH_JAR="${BENCH_JAR:-$(dsm_jar benchmarks)}"
if missing=$(dsm_first_missing "$AGENT_JAR" "$BENCH_JAR"); then
    echo "ERROR: $missing is missing; build first (benchmarks/run-benchmarks.sh builds both)" >&2
    exit 1
fi
rm -rf "$out"
mkdir -p "$out"
trap 'dsm_stop_all 1' EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

echo "fast path in rounds: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), JMH $JMH_ARGS"
kinds=(plain shared split)
for ((r = 1; r <= rounds; r++)); do
    echo "round $r ($(date +%T), load average $(cut -d' ' -f1-3 /proc/loadavg))"
    for loop in $LOOPS; do
        for ((i = 0; i < 3; i++)); do
            kind=${kinds[$(( (i + r - 1) % 3 ))]}
            name=$kind$loop
            # shellcheck disable=SC2086
            dsm_start "$JAVA" -jar "$BENCH_JAR" "FieldAccessBenchmark\\.$name\$" $JMH_ARGS \
                -jvmArgsAppend "-javaagent:$AGENT_JAR ${DSM_JVM_FLAGS[*]}" -rf csv -rff "$out/r$r-$name.csv" \
                >"$out/r$r-$name.log" 2>&1
            if ! dsm_await "$DSM_STARTED_PID" 180 "JMH $name (round $r)"; then
                echo "ERROR: JMH $name (round $r) failed; its log:" >&2
                cat "$out/r$r-$name.log" >&2
                exit 1
            fi
            # "round loop kind score error"
            awk -F, -v r="$r" -v l="$loop" -v k="$kind" 'NR == 2 { gsub(/"/, ""); print r, l, k, $5, $6 }' \
                "$out/r$r-$name.csv" >> "$out/scores.txt"
        done
    done
done
echo "done ($(date +%T), load average $(cut -d' ' -f1-3 /proc/loadavg)); scores in $out/scores.txt"
echo
awk -v rounds="$rounds" -v loops="$LOOPS" '
    { s[$1, $2, $3] = $4 }
    function median(a, n,    i, j, t) {
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    END {
        n = split(loops, L, " ")
        printf "%-12s %-6s %10s %10s %10s %18s %18s %18s\n", "loop", "round", "plain ns", "shared ns", "split ns", "shared/plain", "split/plain", "split/shared"
        for (i = 1; i <= n; i++) {
            l = L[i]
            for (r = 1; r <= rounds; r++) {
                p = s[r, l, "plain"]; h = s[r, l, "shared"]; x = s[r, l, "split"]
                a[r] = h / p; b[r] = x / p; c[r] = x / h
                printf "%-12s %-6d %10.3f %10.3f %10.3f %18.2f %18.2f %18.2f\n", l, r, p, h, x, a[r], b[r], c[r]
                lo_a = (r == 1 || a[r] < lo_a) ? a[r] : lo_a; hi_a = (r == 1 || a[r] > hi_a) ? a[r] : hi_a
                lo_b = (r == 1 || b[r] < lo_b) ? b[r] : lo_b; hi_b = (r == 1 || b[r] > hi_b) ? b[r] : hi_b
                lo_c = (r == 1 || c[r] < lo_c) ? c[r] : lo_c; hi_c = (r == 1 || c[r] > hi_c) ? c[r] : hi_c
            }
            printf "%-12s %-6s %10s %10s %10s %18s %18s %18s\n", l, "median", "", "", "",
                sprintf("%.2f (%.2f-%.2f)", median(a, rounds), lo_a, hi_a),
                sprintf("%.2f (%.2f-%.2f)", median(b, rounds), lo_b, hi_b),
                sprintf("%.2f (%.2f-%.2f)", median(c, rounds), lo_c, hi_c)
        }
    }' "$out/scores.txt"
