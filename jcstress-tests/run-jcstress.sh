#!/usr/bin/env bash
# Runs the dsm jcstress litmus tests with the dsm agent attached to every forked VM, and fails
# (exit status 1) unless every expected test really ran and passed.
#
#   jcstress-tests/run-jcstress.sh [bounded|full|long|broken|cas] [extra jcstress options, e.g. -t MessagePassing]
#
#   bounded (default)  for CI, about 11 minutes on 2 cores: every test under the default protocol
#                      (ivy-forwarding-manager) but those of FULL_ONLY below, then the sweep tests
#                      (SWEEP below, and SWEEP_EXTRA's for its protocols) under every other
#                      protocol but those of BOUNDED_UNSWEPT; -m quick.
#   full               every test under every protocol (the PROTOCOL_FREE ones, which start no
#                      node, under the default one only), -m quick: about 80 minutes (7.5-9 per protocol).
#   long               every test under every protocol, -m default with jcstress's auto-detected
#                      VM configurations: many hours; narrow it with DSM_PROTOCOLS and -t.
#   broken             the tests that must catch a broken runtime, run against one: with
#                      -Ddsm.test.broken=skip-invalidation (invalidations acknowledged, not applied),
#                      with -Ddsm.test.unsoundWrites=true (a write's state check and its store not
#                      atomic), with -Ddsm.test.broken=local-monitors (synchronized takes only the
#                      JVM's monitor), with -Ddsm.test.broken=whole-object-grants (a grant of one
#                      block of a split object carries every field of the object), and in asym write
#                      mode (-Ddsm.writes=asym) with -Ddsm.test.broken=no-membarrier (a revoker that
#                      skips the process-wide barrier) and, with DSM_BROKEN_ALL=1, with
#                      -Ddsm.test.broken=no-announce plus -Ddsm.test.writePause=2000 (writers that
#                      set no in-flight flag, preempted between check and store). Passes only when every broken run shows a
#                      FORBIDDEN outcome: a suite that stops catching bugs fails here. The two asym
#                      runs are skipped, saying so, on a machine without the barrier.
#   cas                the CAS write path (-Ddsm.writes=cas in every forked VM: every write to a
#                      shared block enters with a CAS, writes to fresh objects announce with volatile
#                      stores), which auto mode leaves untested wherever the barrier is available:
#                      the CAS_TESTS below under the default protocol, -m quick, about 3 minutes.
#
# Every run prints the write mode its forked VMs ran ("write mode: asym (...)" or "cas (...)"), as
# the nodes ("[dsm node N] writes: ...") and WriteRevocation log it; the cas pass and the asym
# broken runs fail if a fork ran another mode.
#
# Environment:
#   DSM_BROKEN_ALL=1     the broken pass also runs WriteRevocation.One with no-announce (asym writers
#                        that skip their flag; CI leaves that to WriteRevocationTest)
#   DSM_PROTOCOLS=a,b    the protocols of bounded/full/long (names as in @Shared(protocol = ...),
#                        e.g. migration,ivy-dynamic; "default" is the runtime's default)
#   JCSTRESS_TIMEOUT_S   time limit per jcstress run (900 s quick, 4 h long); a run over it is
#                        stopped with all its forks and counts as failed
#   DSM_AGENT_JAR        the agent's path (default agent/target/dsm-agent.jar)
#
# Extra options must not repeat a mode's own (-v -m -c -sc -fsm -jvmArgs...): jcstress rejects that.
# Build first:  mvn -q -B install -DskipTests -pl runtime,agent,jcstress-tests
# Output:       jcstress-tests/target/jcstress-<mode>-<protocol>.log, reports in target/jcstress-<mode>-<protocol>/
#
# jcstress itself exits 0 when a selection matches nothing, when no VM configuration starts
# (for example a wrong -javaagent path), when a test needs more CPUs than it has and when a test
# is SKIPPED, so every run's output is checked for those messages, [OK] is required of every
# expected test and the tests that ran are counted.
set -u -o pipefail
# shellcheck source=bin/lib/dsm-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/dsm-common.sh"

MODE=bounded
if [[ $# -gt 0 && "$1" =~ ^(bounded|full|long|broken|cas)$ ]]; then
  MODE=$1
  shift
elif [[ $# -gt 0 && "$1" != -* ]]; then
  echo "usage: $0 [bounded|full|long|broken|cas] [jcstress options]" >&2
  exit 2
fi
EXTRA=("$@")

HERE="$DSM_ROOT/jcstress-tests"
JAR="$(dsm_jar jcstress)"

# The tests run under every protocol in a bounded pass: message passing through one local and one
# remote replica (catches a write that returns before its invalidations are applied) and Dekker
# across nodes (catches stale read copies and store buffering in the protocol). A cluster lock's
# mutual exclusion between two nodes that neither manage it nor sequence its writes runs under the
# default protocol and full replication (the one protocol a lock hand-off depends on, through its
# consistency mark); the full pass runs it under every protocol. (Dropped from the other sweeps to
# keep CI under 30 minutes once the failure tests came.)
SWEEP='MessagePassing\.Mixed$|StoreBuffering\.Across$'

# Protocols the bounded pass does not sweep (the full pass does). The fixed distributed managers
# are ForwardingManagerProtocol, the default protocol's class, with another manager locator: low
# bits of the block id, high bits (the creator node) or a hash; the default pass runs every test on
# the same class with one central manager, and the in-process JUnit conformance tests run all
# three. (Dropped to make room for the write path's cas passes in CI's 30 minutes.)
BOUNDED_UNSWEPT=" ivy-fixed-low-bits ivy-fixed-high-bits ivy-fixed-hash "

# Tests one protocol's bounded sweep adds to SWEEP, by protocol. Objects split into blocks by
# @Block: each node writes its own block and reads the other's, so every read is a grant of one
# block to a node that holds the other's newer value (a grant that carried the whole object would
# lose that value). The default pass runs it under the invalidation protocol with read copies;
# migration adds the single-copy path, where each read takes the block away from its writer.
# Central-server and full-replication install no grant over a block a node writes.
declare -A SWEEP_EXTRA=([migration]='FalseSharingSplit\.ReadOtherAcross$')

# Tests the bounded pass leaves to the full pass (where they run under every protocol), to keep
# CI short: the false-sharing shapes on a split object that FalseSharingSplit.ReadOtherAcross
# (which also reads back each actor's own write, and runs in the bounded pass) covers but for the
# plain/volatile accessor path; and (to make room for the cas pass) volatile long atomicity and
# read-read coherence with both actors on one replica, where the DSM adds nothing between the two
# threads but the state check every other Local test exercises, while Atomicity.LongAcross and
# Coherence.ReadReadAcross (in the bounded pass) put the block's shipping and installing between them;
# for the same reason the Local forms of message passing, load and store buffering, 2+2 writes and
# safe publication, whose Across and Mixed forms stay (the Local forms that race writers of one
# block, FalseSharing(Split).PlainLocal and Coherence.WriteWriteLocal, stay too).
FULL_ONLY='FalseSharingSplit\.(PlainAcross|VolatileAcross)$|Atomicity\.LongLocal$|Coherence\.ReadReadLocal$|(MessagePassing|LoadBuffering|StoreBuffering|TwoPlusTwoWrites|SafePublication)\.Local$'

# Tests that start no node (a block with a stub protocol in one JVM), so the protocol under test
# changes nothing for them: full and long run them under the default protocol only.
PROTOCOL_FREE='WriteRevocation\.'

# The cas pass (-Ddsm.writes=cas), under the default protocol: the write-versus-revocation race
# on the CAS path (ownership ping-pong between nodes, local writers taking turns on a block's
# WRITING bit, one block of a split object at a time) and the volatile announcement of writes to
# objects in state 0.
CAS_TESTS='FalseSharing\.(PlainAcross|PlainLocal)$|FalseSharingSplit\.ReadOtherAcross$|WriteRevocation\.One$'

# Protocols that are sequentially consistent but not linearizable: a write reaches the other
# nodes' copies after the writer returns. A program cannot tell (each of its threads runs on one
# node), but a "Mixed" test can: one actor reads one object through node 0's replica and another
# through node 1's, which is a thread hopping between nodes. Those tests do not run under these
# protocols; the sweep runs MessagePassing.Across instead.
NOT_LINEARIZABLE=" full-replication "
SWEEP_NOT_LINEARIZABLE='MessagePassing\.Across$|StoreBuffering\.Across$|Locks\.MutualExclusion$'

if missing=$(dsm_first_missing "$JAR" "$AGENT_JAR"); then
  echo "jcstress: $missing is missing; build it with: (cd $DSM_ROOT && mvn -q -B install -DskipTests -pl runtime,agent,jcstress-tests)" >&2
  exit 2
fi

# Every protocol the runtime has, as the runtime in the agent lists them (so a new one is swept
# at once), and the one it uses when none is named: the bounded pass runs every test under that
# one and need not sweep it again.
ALL_PROTOCOLS=$(dsm_protocols | xargs)
if [[ -z "$ALL_PROTOCOLS" ]]; then
  echo "jcstress: the runtime listed no protocols ($JAVA -cp $AGENT_JAR io.dsm.runtime.config.Describe protocols)" >&2
  exit 2
fi
DEFAULT_PROTOCOL=$(dsm_default_protocol)
if [[ -z "$DEFAULT_PROTOCOL" ]]; then
  echo "jcstress: the runtime named no default protocol ($JAVA -cp $AGENT_JAR io.dsm.runtime.config.Describe default-protocol)" >&2
  exit 2
fi

# What every VM that runs shared code needs: the agent, and the JDK internals Agrona and Aeron use.
FORK_ARGS="-javaagent:$AGENT_JAR ${DSM_JVM_FLAGS[*]}"

FAILED_RUNS=()

# run_pass LABEL FORK_EXTRA EXPECT [jcstress args...]
#   Runs jcstress once with FORK_EXTRA added to every fork's JVM arguments and checks the result.
#   EXPECT=pass: every selected test must run and pass. EXPECT=forbidden: every selected test must
#   run, and the run must show at least one FORBIDDEN outcome with samples (a broken runtime caught).
run_pass() {
  local label=$1 fork_extra=$2 expect=$3
  shift 3
  local args=("$@")
  local out="$HERE/target/jcstress-$label" log="$HERE/target/jcstress-$label.log"
  local limit_s
  local mode_args=()
  case "$MODE" in
    long) mode_args=(-v -m default -c 2 -jvmArgsPrepend "$FORK_ARGS $fork_extra"); limit_s=${JCSTRESS_TIMEOUT_S:-14400} ;;
    *)    mode_args=(-v -m quick -fsm 0 -c 2 -sc false -jvmArgs "$FORK_ARGS $fork_extra"); limit_s=${JCSTRESS_TIMEOUT_S:-900} ;;
  esac
  mkdir -p "$out"
  local problems=()

  # The tests expected to run: what jcstress lists for this selection. Without a -t selection this
  # must also be every @JCStressTest class in the sources (a lost META-INF/TestList entry shows here);
  # with COUNT_ALL=1 (the bounded pass's "all but FULL_ONLY" selection) the whole list is checked so.
  local expected_list expected sources listed=
  expected_list=$("$JAVA" -jar "$JAR" -l "${args[@]}" 2>&1 | grep -E '^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z0-9_$]+)+$' | sort -u)
  expected=$(printf '%s' "$expected_list" | grep -c .)
  sources=$(grep -rho '@JCStressTest' "$HERE/src/main/java" | wc -l)
  [[ "$expected" -eq 0 ]] && problems+=("no test matches the selection")
  if [[ " ${args[*]-} " != *" -t "* ]]; then
    listed=$expected
  elif [[ -n "${COUNT_ALL:-}" ]]; then
    listed=$("$JAVA" -jar "$JAR" -l 2>&1 | grep -E '^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z0-9_$]+)+$' | sort -u | grep -c .)
  fi
  if [[ -n "$listed" && "$listed" -ne "$sources" ]]; then
    problems+=("jcstress.jar lists $listed tests but the sources have $sources @JCStressTest classes: rebuild the jar")
  fi

  # jcstress writes its jcstress-results-*.bin.gz into the working directory; its own process
  # group lets a hang be ended together with all of its forks.
  local shm_before start pgid rc timed_out=0
  shm_before=$(dsm_cluster_dirs)
  start=$(date +%s)
  dsm_start_group "$out" "$JAVA" -jar "$JAR" "${mode_args[@]}" -r "$out" "${args[@]}" >"$log" 2>&1
  pgid=$DSM_STARTED_PID
  trap 'dsm_stop_group '"$pgid"'; exit 130' INT TERM
  # stopped once more than limit_s seconds have passed
  if ! dsm_wait_until "$pgid" $(( SECONDS + limit_s + 1 )); then
    timed_out=1
    dsm_stop_group "$pgid"
  fi
  wait "$pgid"
  rc=$?
  trap - INT TERM
  # Forks close their cluster (and delete its /dev/shm directory) on exit; a killed fork cannot:
  # remove the directories that appeared during this run and whose owning process is gone.
  dsm_rm_orphan_cluster_dirs "$shm_before"
  local elapsed=$(( $(date +%s) - start ))

  # The verdict of every test, from the final RUN RESULTS section (-v lists them all):
  # "[OK] name" passed; anything else ([FAILED], [ERROR], [SKIPPED], ...) did not. jcstress 0.16
  # marks a test SKIPPED and exits 0 when its set-up throws NoClassDefFoundError.
  local results verdicts ran_list ran passed not_passed errors forbidden_seen last
  results=$(sed -n '/^RUN RESULTS:/,$p' "$log")
  verdicts=$(printf '%s\n' "$results" | grep -oE '\[[A-Z][A-Z ]*\] [A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z0-9_$]+)+' | sort -u)
  ran_list=$(printf '%s\n' "$verdicts" | awk 'NF && $0 !~ /^\[SKIPPED\]/ { print $NF }' | sort -u)
  ran=$(printf '%s' "$ran_list" | grep -c .)
  passed=$(printf '%s\n' "$verdicts" | awk '/^\[OK\]/ { print $NF }' | sort -u | grep -c .)
  not_passed=$(printf '%s\n' "$verdicts" | grep -v '^\[OK\]' | grep . | xargs)
  errors=$(printf '%s\n' "$verdicts" | grep -vE '^\[(OK|FAILED)\]' | grep . | xargs)
  # A FORBIDDEN outcome that occurred: a results row "<outcome> <samples> <freq> Forbidden ..." with samples > 0.
  forbidden_seen=$(printf '%s\n' "$results" | awk '$0 ~ / Forbidden / { for (i = 1; i < NF; i++) if ($(i+1) ~ /%$/) { n = $i; gsub(",", "", n); if (n + 0 > 0) c++ } } END { print c + 0 }')

  (( timed_out )) && problems+=("jcstress did not finish within ${limit_s} s and was stopped (a hang in the DSM?)")
  local fatal
  for fatal in 'FATAL: No matching tests.' 'FATAL: No JVM configurations to run with.' 'No scheduling is possible'; do
    grep -qF "$fatal" "$log" && problems+=("jcstress said: $fatal")
  done
  [[ -z "$results" ]] && problems+=("no RUN RESULTS section in the output")
  if [[ $ran -lt $expected ]]; then
    problems+=("only $ran of $expected expected tests ran; missing: $(comm -23 <(printf '%s\n' "$expected_list") <(printf '%s\n' "$ran_list") | xargs)")
  fi
  last=$(grep -E '^\(Results: ' "$log" | tail -1)
  [[ -z "$last" ]] && problems+=("no final '(Results: ...)' line in the output")
  if [[ "$expect" == pass ]]; then
    [[ $rc -ne 0 ]] && problems+=("jcstress exited with status $rc (a FORBIDDEN outcome, a test error or bad options: see the log)")
    [[ -n "$not_passed" ]] && problems+=("not passed: $not_passed")
    # Every planned test x VM configuration must have passed (the last progress line counts them).
    if [[ $last =~ ([0-9]+)\ planned\;\ ([0-9]+)\ passed ]]; then
      [[ ${BASH_REMATCH[1]} -ne ${BASH_REMATCH[2]} ]] && problems+=("jcstress: $last")
    fi
  else
    [[ -n "$errors" ]] && problems+=("errors besides the expected failures: $errors")
    [[ "$forbidden_seen" -eq 0 ]] && problems+=("the broken runtime was NOT caught: no FORBIDDEN outcome occurred")
  fi

  # The write mode the forks ran, as each node and WriteRevocation log it ("... writes: <mode> (<why>)").
  # WANT_WRITES=asym|cas: every fork must have run that mode, and at least one must have said so.
  local modes bad_modes
  modes=$(grep -oE '\] writes: [a-z]+ \(([^()]|\([^()]*\))*\)' "$log" | sed 's/^\] writes: //' | sort -u)
  if [[ -n "${WANT_WRITES:-}" ]]; then
    [[ -z "$modes" ]] && problems+=("no forked VM logged its write mode (expected $WANT_WRITES)")
    bad_modes=$(printf '%s\n' "$modes" | grep . | grep -v "^$WANT_WRITES " | paste -sd '|' -)
    [[ -n "$bad_modes" ]] && problems+=("forked VMs ran write mode '$bad_modes', not $WANT_WRITES")
  fi

  # Outcome counts per test (across all configurations), then the verdict.
  printf '%s\n' "$results" | awk '
    match($0, /\[[A-Z][A-Z ]*\] [A-Za-z_][^ ]*/) { print substr($0, RSTART, RLENGTH) }
    /^ +RESULT +SAMPLES/ { intable = 1; next }
    intable && NF == 0 { intable = 0 }
    intable { print "    " $0 }'
  echo "jcstress $label (${elapsed} s): $ran tests ran, $passed passed; log $log, report $out/index.html"
  if [[ -n "$modes" ]]; then
    echo "jcstress $label: write mode: $(printf '%s\n' "$modes" | paste -sd '|' - | sed 's/|/ + /g')"
  else
    echo "jcstress $label: write mode: not logged by any fork"
  fi
  if [[ "$expect" == forbidden ]]; then
    echo "jcstress $label: the broken runtime produced FORBIDDEN outcomes in $forbidden_seen result rows (expected: caught)"
  fi
  local p
  for p in "${problems[@]+"${problems[@]}"}"; do echo "jcstress $label: PROBLEM: $p"; done
  if [[ ${#problems[@]} -gt 0 ]]; then
    FAILED_RUNS+=("$label")
  fi
}

protocol_arg() {
  [[ "$1" == default ]] && return 0
  printf '%s' "-Ddsm.jcstress.protocol=$1"
}

# every_test_under PROTOCOL: the selected tests (all without -t), less the Mixed ones for a
# protocol that is not linearizable, and less the PROTOCOL_FREE ones for any protocol but the
# default (they run under the default one).
every_test_under() {
  local skip=
  if [[ " ${EXTRA[*]-} " != *" -t "* ]]; then
    [[ "$NOT_LINEARIZABLE" == *" $1 "* ]] && skip="$skip|.*\.Mixed\$"
    [[ "$1" != default && "$1" != "$DEFAULT_PROTOCOL" ]] && skip="$skip|.*(?:$PROTOCOL_FREE)"
  fi
  if [[ -n "$skip" ]]; then
    run_pass "$MODE-$1" "$(protocol_arg "$1")" pass -t "^(?!(?:${skip#|}))" "${EXTRA[@]+"${EXTRA[@]}"}"
  else
    run_pass "$MODE-$1" "$(protocol_arg "$1")" pass "${EXTRA[@]+"${EXTRA[@]}"}"
  fi
}

requested=${DSM_PROTOCOLS:-}
for p in ${requested//,/ }; do
  if [[ " default $ALL_PROTOCOLS " != *" $p "* ]]; then
    echo "jcstress: DSM_PROTOCOLS names '$p', which is not a protocol; use default or one of: $ALL_PROTOCOLS" >&2
    exit 2
  fi
done
# a renamed or removed protocol must not drop its sweep's extra tests silently
for p in "${!SWEEP_EXTRA[@]}"; do
  if [[ " $ALL_PROTOCOLS " != *" $p "* || "$p" == "$DEFAULT_PROTOCOL" ]]; then
    echo "jcstress: SWEEP_EXTRA names '$p', which is not one of the non-default protocols: $ALL_PROTOCOLS" >&2
    exit 2
  fi
done

START_ALL=$(date +%s)
case "$MODE" in
  bounded)
    if [[ -n "${DSM_PROTOCOLS:-}" ]]; then
      for p in ${DSM_PROTOCOLS//,/ }; do every_test_under "$p"; done
    else
      if [[ " ${EXTRA[*]-} " == *" -t "* ]]; then
        run_pass "$MODE-default" "" pass "${EXTRA[@]+"${EXTRA[@]}"}"
      else
        COUNT_ALL=1 run_pass "$MODE-default" "" pass -t "^(?!.*(?:$FULL_ONLY))" "${EXTRA[@]+"${EXTRA[@]}"}"
      fi
      for p in $ALL_PROTOCOLS; do
        [[ "$p" == "$DEFAULT_PROTOCOL" || "$BOUNDED_UNSWEPT" == *" $p "* ]] && continue
        sweep=$SWEEP
        [[ "$NOT_LINEARIZABLE" == *" $p "* ]] && sweep=$SWEEP_NOT_LINEARIZABLE
        [[ -n "${SWEEP_EXTRA[$p]:-}" ]] && sweep="$sweep|${SWEEP_EXTRA[$p]}"
        run_pass "$MODE-$p" "$(protocol_arg "$p")" pass -t "$sweep" "${EXTRA[@]+"${EXTRA[@]}"}"
      done
    fi
    ;;
  full|long)
    # the default protocol is among ALL_PROTOCOLS by its own name: no separate "default" pass
    protocols=${DSM_PROTOCOLS:-$ALL_PROTOCOLS}
    for p in ${protocols//,/ }; do
      every_test_under "$p"
    done
    ;;
  broken)
    run_pass broken-skip-invalidation "-Ddsm.test.broken=skip-invalidation" forbidden \
      -t 'MessagePassing\.Mixed$|StoreBuffering\.Across$' "${EXTRA[@]+"${EXTRA[@]}"}"
    run_pass broken-unsound-writes "-Ddsm.test.unsoundWrites=true" forbidden \
      -t 'FalseSharing\.PlainAcross$' "${EXTRA[@]+"${EXTRA[@]}"}"
    run_pass broken-local-monitors "-Ddsm.test.broken=local-monitors" forbidden \
      -t 'Locks\.MutualExclusion$' "${EXTRA[@]+"${EXTRA[@]}"}"
    # Under the default protocol only (migration is caught as well; central-server and
    # full-replication never install a grant over a block the node writes, so cannot show it).
    run_pass broken-whole-object-grants "-Ddsm.test.broken=whole-object-grants" forbidden \
      -t 'FalseSharingSplit\.ReadOtherAcross$' "${EXTRA[@]+"${EXTRA[@]}"}"
    # The announced write path (asym mode) without its barrier, and without its announcement. A
    # revoker without the barrier loses writes through store buffering (the writer's flag store
    # still buffered while its state load misses the revoker's CAS): about 1.5 % of WriteRevocation.One's
    # samples on the 2-core x86 VM, so -m quick catches thousands. Writers without the flag lose
    # writes whenever the revoker runs during their pause (about 10 % of the samples).
    if barrier=$("$JAVA" "${DSM_JVM_FLAGS[@]}" -cp "$AGENT_JAR" io.dsm.runtime.barrier.ProcessBarrierMain 2>&1); then
      WANT_WRITES=asym run_pass broken-no-membarrier "-Ddsm.writes=asym -Ddsm.test.broken=no-membarrier" forbidden \
        -t 'WriteRevocation\.One$' "${EXTRA[@]+"${EXTRA[@]}"}"
      # writers without the announcement: CI catches them in WriteRevocationTest (JUnit), so this
      # run is left to DSM_BROKEN_ALL=1 (36 s) to keep CI under 30 minutes
      if [[ "${DSM_BROKEN_ALL:-0}" == 1 ]]; then
        WANT_WRITES=asym run_pass broken-no-announce "-Ddsm.writes=asym -Ddsm.test.broken=no-announce -Ddsm.test.writePause=2000" forbidden \
          -t 'WriteRevocation\.One$' "${EXTRA[@]+"${EXTRA[@]}"}"
      fi
    else
      echo "jcstress broken-no-membarrier, broken-no-announce: NOT RUN: this machine has no process-wide barrier, so no asym write mode ($(printf '%s' "$barrier" | head -1))"
    fi
    ;;
  cas)
    WANT_WRITES=cas run_pass cas-default "-Ddsm.writes=cas" pass -t "$CAS_TESTS" "${EXTRA[@]+"${EXTRA[@]}"}"
    ;;
esac

echo "jcstress $MODE: $(( $(date +%s) - START_ALL )) s in all"
if [[ ${#FAILED_RUNS[@]} -gt 0 ]]; then
  echo "jcstress $MODE: FAILED: ${FAILED_RUNS[*]}"
  exit 1
fi
echo "jcstress $MODE: every run as expected"
