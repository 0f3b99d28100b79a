#!/usr/bin/env bash
# The false-sharing loop of issue 13, from a clean clone, on two local JVMs (bin/dsm-run):
#   1. two counters in one object, one block          (TwoCounters one)
#   2. the same with dsm.profile=true, then bin/dsm-layout: report (text, HTML) and layout file
#   3. the same class split by the optimizer's layout   (TwoCounters one + dsm.layout.file)
#   4. split by @Block annotations                      (TwoCounters annotated)
#   5. the reference: the two counters in two objects   (TwoCounters objects)
# Prints a table of increments per ms per node and block grants per second, each run's figures as
# a ratio to the two-objects run of the same repetition.
#
#   benchmarks/run-false-sharing.sh [seconds per run, default 3] [repetitions, default 3] [out dir]
#
# PROTOCOL=<name> picks the protocol (default: the cluster default); BUILD=1 rebuilds the jars.
set -euo pipefail
# shellcheck source=bin/lib/dsm-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/dsm-common.sh"
cd "$DSM_ROOT"

seconds=${1:-3}
reps=${2:-3}
out=${3:-$(mktemp -d /tmp/dsm-false-sharing.XXXXXX)}
mkdir -p "$out"
if [[ "${BUILD:-0}" == 1 || ! -f "$(dsm_jar agent)" || ! -f "$(dsm_jar examples)" ]]; then
    echo "building the agent and examples jars" >&2
    mvn -B -q -DskipTests install -pl runtime,agent,examples >&2
fi
examples=$(dsm_jar examples)
protocol=${PROTOCOL:-}

# run_mode NAME MODE EXTRA_PROPERTIES_FILE: one two-JVM run; prints its output to $out/NAME.log
run_mode() {
    local name=$1 mode=$2 extra=$3
    if [[ -n "$protocol" ]]; then echo "dsm.protocol=$protocol" >> "$extra"; fi
    bin/dsm-run -n 2 -p 40800 -t 180 -c "$extra" -cp "$examples" io.dsm.examples.counters.TwoCounters "$mode" "$seconds" \
        > "$out/$name.log" 2>&1 || { echo "run $name failed:" >&2; cat "$out/$name.log" >&2; exit 1; }
}

# figures NAME: "node0/ms node1/ms grants/s(sum)" from a run's log
figures() {
    awk '/mode .*increments in/ {
            for (i = 1; i <= NF; i++) { if ($i == "per" && $(i+1) == "ms;") perms[$4] = $(i-1); if ($i == "per" && $(i+1) == "s;") gps += $(i-1) }
         }
         END { printf "%s %s %s\n", perms[0], perms[1], gps }' "$out/$1.log"
}

echo "# profile run and layout" >&2
printf 'dsm.profile=true\ndsm.profile.dir=%s\n' "$out/profile" > "$out/profile.properties"
run_mode profile one "$out/profile.properties"
bin/dsm-layout --layout "$out/layout.properties" --report "$out/report.txt" --html "$out/report.html" \
    "$out"/profile/dsm-profile-node*.tsv >&2
cat "$out/report.txt"
echo
{ grep -v '^#' "$out/layout.properties" || echo '(the optimizer proposed no split)'; } | sed 's/^/layout file: /'
echo

printf 'dsm.layout.file=%s\n' "$out/layout.properties" > "$out/optimized.properties.template"
printf '%-28s %4s %14s %14s %12s %10s %10s\n' "run" "rep" "node0 incr/ms" "node1 incr/ms" "grants/s" "node0/ref" "node1/ref"
for ((r = 1; r <= reps; r++)); do
    : > "$out/plain.properties"; run_mode "one-$r" one "$out/plain.properties"
    cp "$out/optimized.properties.template" "$out/optimized.properties"; run_mode "optimized-$r" one "$out/optimized.properties"
    : > "$out/plain.properties"; run_mode "annotated-$r" annotated "$out/plain.properties"
    : > "$out/plain.properties"; run_mode "objects-$r" objects "$out/plain.properties"
    read -r ref0 ref1 _ <<< "$(figures "objects-$r")"
    for name in one optimized annotated objects; do
        read -r n0 n1 g <<< "$(figures "$name-$r")"
        printf '%-28s %4d %14s %14s %12s %10.2f %10.2f\n' "$name" "$r" "$n0" "$n1" "$g" \
            "$(echo "$n0 / $ref0" | bc -l)" "$(echo "$n1 / $ref1" | bc -l)"
    done
done
echo "logs, profiles, report and layout in $out" >&2
