#!/usr/bin/env bash
# Runs the dsm jcstress litmus tests with the dsm agent attached to every forked VM, and fails
# (exit status 1) unless every expected test really ran and passed.
#
#   jcstress-tests/run-jcstress.sh [bounded|long] [extra jcstress options, e.g. -t MessagePassing]
#
#   bounded (default)  -m quick -c 2 -sc false, one JVM flag line (-jvmArgs; jcstress still runs it
#                      with +/-UseBiasedLocking): about 13 s per test on a 2-core machine; for CI.
#   long               -m default -c 2 with jcstress's auto-detected VM configurations, the agent
#                      prepended to each (-jvmArgsPrepend): 68 runs, about 20 minutes per test.
#
# Extra options must not repeat the mode's own (-v -m -c -sc -jvmArgs...): jcstress rejects that.
# JCSTRESS_TIMEOUT_S overrides the time limit (900 s bounded, 4 h long) after which the run and
# all its forks are stopped and the script fails; DSM_AGENT_JAR overrides the agent's path.
#
# Build first:  mvn -q -B install -DskipTests -pl runtime,agent,jcstress-tests
# Output:       jcstress-tests/target/jcstress-<mode>.log (full), report in target/jcstress-<mode>/
#
# jcstress itself exits 0 when a selection matches nothing, when no VM configuration starts
# (for example a wrong -javaagent path), when a test needs more CPUs than it has and when a test
# is SKIPPED, so this script also checks the output for those messages, requires [OK] for every
# expected test and counts the tests that ran.
set -u -o pipefail

MODE=bounded
if [[ $# -gt 0 && ( "$1" == bounded || "$1" == long ) ]]; then
  MODE=$1
  shift
elif [[ $# -gt 0 && "$1" != -* ]]; then
  echo "usage: $0 [bounded|long] [jcstress options]" >&2
  exit 2
fi
EXTRA=("$@")

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
JAR="$HERE/target/jcstress.jar"
AGENT="${DSM_AGENT_JAR:-$ROOT/agent/target/dsm-agent.jar}"
OUT="$HERE/target/jcstress-$MODE"
LOG="$HERE/target/jcstress-$MODE.log"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

for f in "$JAR" "$AGENT"; do
  if [[ ! -f "$f" ]]; then
    echo "jcstress: $f is missing; build it with: (cd $ROOT && mvn -q -B install -DskipTests -pl runtime,agent,jcstress-tests)" >&2
    exit 2
  fi
done

# What every VM that runs shared code needs (TOOLCHAIN.md): the agent and Agrona's/Aeron's opens.
FORK_ARGS="-javaagent:$AGENT --add-exports java.base/jdk.internal.misc=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.util.zip=ALL-UNNAMED"

case "$MODE" in
  bounded) ARGS=(-v -m quick -c 2 -sc false -jvmArgs "$FORK_ARGS"); LIMIT_S=${JCSTRESS_TIMEOUT_S:-900} ;;
  long)    ARGS=(-v -m default -c 2 -jvmArgsPrepend "$FORK_ARGS"); LIMIT_S=${JCSTRESS_TIMEOUT_S:-14400} ;;
esac

mkdir -p "$OUT"
cd "$OUT" || exit 2   # jcstress writes its jcstress-results-*.bin.gz into the working directory

# The tests expected to run: what jcstress lists for this selection. Without a -t selection this
# must also be every @JCStressTest class in the sources (a lost META-INF/TestList entry shows here).
EXPECTED_LIST=$("$JAVA" -jar "$JAR" -l "${EXTRA[@]}" 2>&1 | grep -E '^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z0-9_$]+)+$' | sort -u)
EXPECTED=$(printf '%s' "$EXPECTED_LIST" | grep -c .)
SOURCES=$(grep -rl '@JCStressTest' "$HERE/src/main/java" | wc -l)
PROBLEMS=()
if [[ "$EXPECTED" -eq 0 ]]; then
  PROBLEMS+=("no test matches the selection")
fi
if [[ " ${EXTRA[*]-} " != *" -t "* && "$EXPECTED" -ne "$SOURCES" ]]; then
  PROBLEMS+=("jcstress.jar lists $EXPECTED tests but the sources have $SOURCES @JCStressTest classes: rebuild the jar")
fi

# Run jcstress in its own process group so that a hang can be ended with all of its forks.
SHM_BEFORE=$(ls -d /dev/shm/dsm-cluster-* 2>/dev/null | sort)
START=$(date +%s)
setsid "$JAVA" -jar "$JAR" "${ARGS[@]}" -r "$OUT" "${EXTRA[@]}" >"$LOG" 2>&1 &
PGID=$!
stop_group() {
  kill -TERM -- "-$PGID" 2>/dev/null
  for _ in $(seq 1 30); do kill -0 -- "-$PGID" 2>/dev/null || return 0; sleep 1; done
  kill -KILL -- "-$PGID" 2>/dev/null
}
trap 'stop_group; exit 130' INT TERM
TIMED_OUT=0
while kill -0 "$PGID" 2>/dev/null; do
  if (( $(date +%s) - START > LIMIT_S )); then
    TIMED_OUT=1
    stop_group
    break
  fi
  sleep 1
done
wait "$PGID"
RC=$?
trap - INT TERM
# Forks close their cluster (and delete its /dev/shm directory) on exit; a killed fork cannot:
# remove the directories that appeared during this run and whose owning process is gone.
for d in $(comm -13 <(printf '%s\n' "$SHM_BEFORE") <(ls -d /dev/shm/dsm-cluster-* 2>/dev/null | sort)); do
  pid=${d#/dev/shm/dsm-cluster-}; pid=${pid%%-*}
  if [[ "$pid" =~ ^[0-9]+$ ]] && ! kill -0 "$pid" 2>/dev/null; then rm -rf -- "$d"; fi
done
ELAPSED=$(( $(date +%s) - START ))

# The verdict of every test, from the final RUN RESULTS section (-v lists them all):
# "[OK] name" passed; anything else ([FAILED], [ERROR], [SKIPPED], ...) did not. jcstress 0.16
# marks a test SKIPPED and exits 0 when its set-up throws NoClassDefFoundError.
RESULTS=$(sed -n '/^RUN RESULTS:/,$p' "$LOG")
VERDICTS=$(printf '%s\n' "$RESULTS" | grep -oE '\[[A-Z][A-Z ]*\] [A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z0-9_$]+)+' | sort -u)
RAN_LIST=$(printf '%s\n' "$VERDICTS" | awk 'NF && $0 !~ /^\[SKIPPED\]/ { print $NF }' | sort -u)
RAN=$(printf '%s' "$RAN_LIST" | grep -c .)
PASSED=$(printf '%s\n' "$VERDICTS" | awk '/^\[OK\]/ { print $NF }' | sort -u | grep -c .)
FAILED=$(( RAN - PASSED ))
NOT_PASSED=$(printf '%s\n' "$VERDICTS" | grep -v '^\[OK\]' | grep . | xargs)

(( TIMED_OUT )) && PROBLEMS+=("jcstress did not finish within ${LIMIT_S} s and was stopped (a hang in the DSM?)")
[[ $RC -ne 0 ]] && PROBLEMS+=("jcstress exited with status $RC (a FORBIDDEN outcome, a test error or bad options: see the log)")
for fatal in 'FATAL: No matching tests.' 'FATAL: No JVM configurations to run with.' 'No scheduling is possible'; do
  grep -qF "$fatal" "$LOG" && PROBLEMS+=("jcstress said: $fatal")
done
[[ -z "$RESULTS" ]] && PROBLEMS+=("no RUN RESULTS section in the output")
[[ -n "$NOT_PASSED" ]] && PROBLEMS+=("not passed: $NOT_PASSED")
if [[ $RAN -lt $EXPECTED ]]; then
  PROBLEMS+=("only $RAN of $EXPECTED expected tests ran; missing: $(comm -23 <(printf '%s\n' "$EXPECTED_LIST") <(printf '%s\n' "$RAN_LIST") | xargs)")
fi
# Every planned test x VM configuration must have passed (the last progress line counts them).
LAST=$(grep -E '^\(Results: ' "$LOG" | tail -1)
if [[ $LAST =~ ([0-9]+)\ planned\;\ ([0-9]+)\ passed ]]; then
  [[ ${BASH_REMATCH[1]} -ne ${BASH_REMATCH[2]} ]] && PROBLEMS+=("jcstress: $LAST")
else
  PROBLEMS+=("no final '(Results: ...)' line in the output")
fi

# Outcome counts per test (across all configurations), then the verdict.
printf '%s\n' "$RESULTS" | awk '
  /\[[A-Z][A-Z ]*\] [A-Za-z_]/ { print $NF }
  /^ +RESULT +SAMPLES/ { intable = 1; next }
  intable && NF == 0 { intable = 0 }
  intable { print "    " $0 }'
echo "jcstress ($MODE, ${ELAPSED} s): log $LOG, report $OUT/index.html"
for p in "${PROBLEMS[@]+"${PROBLEMS[@]}"}"; do echo "jcstress: PROBLEM: $p"; done
echo "jcstress: $RAN tests ran, $PASSED passed, $FAILED failed"
[[ ${#PROBLEMS[@]} -eq 0 ]]
