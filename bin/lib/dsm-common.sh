# shellcheck shell=bash disable=SC2034  # (the variables are for the scripts that source it)
# What the dsm scripts share: the JVM flags, the java binary, the jars and how to build them,
# starting, awaiting and killing JVMs, and removing the Aeron directories their JVMs leave in
# /dev/shm. Source it, do not run it:
#
#   . "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/dsm-common.sh"     (from a directory beside bin/)
#
# Sourcing it only sets the variables below and defines functions: it runs no command besides
# finding the repository root, sets no shell option and no trap, and does not change directory.
# Every variable it reads has a default, so it works under set -euo pipefail.
#
# Variables
#   DSM_ROOT          the repository root (absolute path)
#   JAVA              $JAVA_HOME/bin/java when JAVA_HOME is set, else java from the PATH
#   DSM_JVM_FLAGS     (array) the module flags Agrona and Aeron need in every JVM that runs the dsm
#                     runtime (JDK 17), plus --enable-native-access for the write path's barrier
#                     (JDK 24+ warns without it); "${DSM_JVM_FLAGS[*]}" gives them as one string
#   AGENT_JAR         the agent to attach: $DSM_AGENT_JAR when set, else the one the build makes
#   DSM_PIDS          (array) every process dsm_start and dsm_start_group started, in order
#   DSM_STARTED_PID   the last of them
#
# Functions (each is described where it is defined)
#   jars and the build:  dsm_jar, dsm_first_missing, dsm_build, dsm_build_if_missing
#   the runtime's facts: dsm_protocols, dsm_default_protocol
#   processes:           dsm_start, dsm_start_group, dsm_wait_until, dsm_await, dsm_kill_tree,
#                        dsm_stop_group, dsm_stop_all
#   Aeron directories:   dsm_rm_cluster_dirs, dsm_rm_node_dirs, dsm_cluster_dirs,
#                        dsm_rm_orphan_cluster_dirs

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    echo "$0 is a library: source it from a script (. $0), do not run it" >&2
    exit 2
fi
if [[ -n "${DSM_COMMON_SOURCED:-}" ]]; then
    return 0
fi
DSM_COMMON_SOURCED=1

DSM_ROOT=$(CDPATH='' cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
DSM_JVM_FLAGS=(--add-exports java.base/jdk.internal.misc=ALL-UNNAMED
               --add-opens java.base/sun.nio.ch=ALL-UNNAMED
               --add-opens java.base/java.util.zip=ALL-UNNAMED
               --enable-native-access=ALL-UNNAMED)
AGENT_JAR="${DSM_AGENT_JAR:-$DSM_ROOT/agent/target/dsm-agent.jar}"
DSM_PIDS=()
DSM_STARTED_PID=

# ---- jars and the build

# dsm_jar NAME: prints the path of the jar the build makes for NAME: agent, examples, jcstress or
# benchmarks (the agent's is the built one, whatever DSM_AGENT_JAR says).
dsm_jar() {
    case "${1:-}" in
        agent)      printf '%s\n' "$DSM_ROOT/agent/target/dsm-agent.jar" ;;
        examples)   printf '%s\n' "$DSM_ROOT/examples/target/dsm-examples.jar" ;;
        jcstress)   printf '%s\n' "$DSM_ROOT/jcstress-tests/target/jcstress.jar" ;;
        benchmarks) printf '%s\n' "$DSM_ROOT/benchmarks/target/dsm-benchmarks.jar" ;;
        *) echo "dsm_jar: no jar named '${1:-}'; use agent, examples, jcstress or benchmarks" >&2; return 2 ;;
    esac
}

# dsm_module NAME: prints the Maven module that makes NAME's jar.
dsm_module() {
    case "${1:-}" in
        agent|examples|benchmarks) printf '%s\n' "$1" ;;
        jcstress) printf '%s\n' jcstress-tests ;;
        *) echo "dsm_module: no jar named '${1:-}'; use agent, examples, jcstress or benchmarks" >&2; return 2 ;;
    esac
}

# dsm_first_missing FILE...: prints the first FILE that is not a regular file and succeeds;
# fails, printing nothing, when every FILE is there.
dsm_first_missing() {
    local f
    for f in "$@"; do
        if [[ ! -f "$f" ]]; then
            printf '%s\n' "$f"
            return 0
        fi
    done
    return 1
}

# dsm_build NAME... [-- MAVEN_OPTION...]: builds the jars named (agent, examples, jcstress,
# benchmarks) without tests: mvn -B -q MAVEN_OPTION... package -DskipTests -pl runtime,MODULE...
# -am, in DSM_ROOT (the caller's directory is kept). Fails when Maven fails.
dsm_build() {
    local modules=runtime module
    while [[ $# -gt 0 && "$1" != -- ]]; do
        module=$(dsm_module "$1") || return
        modules+=",$module"
        shift
    done
    if [[ $# -gt 0 ]]; then
        shift
    fi
    (cd "$DSM_ROOT" && mvn -B -q "$@" package -DskipTests -pl "$modules" -am)
}

# dsm_build_if_missing [--say MESSAGE] NAME... [-- MAVEN_OPTION...]: when any of the named jars is
# missing, prints MESSAGE (if given) and builds them all with dsm_build; else does nothing.
dsm_build_if_missing() {
    local say="" names=() name jar missing=0
    while [[ $# -gt 0 && "$1" != -- ]]; do
        case "$1" in
            --say)
                if [[ $# -lt 2 ]]; then
                    echo "dsm_build_if_missing: --say needs a message" >&2
                    return 2
                fi
                say=$2
                shift 2
                ;;
            *) names+=("$1"); shift ;;
        esac
    done
    for name in "${names[@]+"${names[@]}"}"; do
        jar=$(dsm_jar "$name") || return
        [[ -f "$jar" ]] || missing=1
    done
    if (( missing )); then
        if [[ -n "$say" ]]; then
            echo "$say"
        fi
        dsm_build "${names[@]}" "$@"
    fi
}

# ---- the runtime's facts, asked of the runtime in AGENT_JAR

# dsm_protocols: prints every coherence protocol's configuration name (as in
# @Shared(protocol = ...) and dsm.protocol), one per line, without "default".
dsm_protocols() {
    "$JAVA" -cp "$AGENT_JAR" io.dsm.runtime.config.Describe protocols
}

# dsm_default_protocol: prints the configuration name of the protocol a node uses when
# dsm.protocol is not set.
dsm_default_protocol() {
    "$JAVA" -cp "$AGENT_JAR" io.dsm.runtime.config.Describe default-protocol
}

# ---- processes

# dsm_start CMD...: starts CMD in the background, with the caller's redirections
# (dsm_start "$JAVA" ... >"$log" 2>&1); sets DSM_STARTED_PID and appends it to DSM_PIDS.
dsm_start() {
    "$@" &
    DSM_STARTED_PID=$!
    DSM_PIDS+=("$DSM_STARTED_PID")
}

# dsm_start_group DIR CMD...: like dsm_start, but CMD runs in DIR and in a session (so a process
# group) of its own, whose id is DSM_STARTED_PID: dsm_stop_group ends it with every process it
# forked, grandchildren included.
dsm_start_group() {
    local dir=$1
    shift
    (cd "$dir" && exec setsid "$@") &
    DSM_STARTED_PID=$!
    DSM_PIDS+=("$DSM_STARTED_PID")
}

# dsm_wait_until PID DEADLINE [POLL_S]: waits while PID runs, looking every POLL_S seconds
# (default 1), until DEADLINE on bash's SECONDS clock. Succeeds when PID has ended (it does not
# reap it: call wait for its status), fails when the deadline came first.
dsm_wait_until() {
    local pid=$1 deadline=$2 poll=${3:-1}
    while kill -0 "$pid" 2>/dev/null; do
        if (( SECONDS >= deadline )); then
            return 1
        fi
        sleep "$poll"
    done
    return 0
}

# dsm_await PID SECONDS WHAT: waits for PID (a child of this shell), at most SECONDS; past that
# prints "ERROR: WHAT did not finish within SECONDSs; killing it" to stderr and kills its process
# tree (TERM, then KILL 2 s later). Returns PID's exit status.
dsm_await() {
    local pid=$1 limit=$2 what=$3 rc=0
    if ! dsm_wait_until "$pid" $(( SECONDS + limit )); then
        echo "ERROR: $what did not finish within ${limit}s; killing it" >&2
        dsm_kill_tree "$pid"
        sleep 2
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" || rc=$?
    return "$rc"
}

# dsm_kill_tree PID [SIGNAL]: sends SIGNAL (default TERM) to PID's descendants, deepest first,
# and then to PID (a JVM and, for example, the JVMs JMH forked from it).
dsm_kill_tree() {
    local pid=$1 sig=${2:-TERM} child
    for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do
        dsm_kill_tree "$child" "$sig"
    done
    kill "-$sig" "$pid" 2>/dev/null || true
}

# dsm_stop_group PGID: sends TERM to process group PGID, waits up to 30 s for all of it to end,
# then sends KILL to what is left.
dsm_stop_group() {
    local pgid=$1 i
    kill -TERM -- "-$pgid" 2>/dev/null || true
    for (( i = 0; i < 30; i++ )); do
        kill -0 -- "-$pgid" 2>/dev/null || return 0
        sleep 1
    done
    kill -KILL -- "-$pgid" 2>/dev/null || true
}

# dsm_stop_all [GRACE_S]: for a script's exit trap: sends TERM to the process tree of every
# process in DSM_PIDS still running, waits GRACE_S seconds (default 1) if there was one, then
# sends KILL to those still running.
dsm_stop_all() {
    local grace=${1:-1} pid signalled=0
    for pid in "${DSM_PIDS[@]+"${DSM_PIDS[@]}"}"; do
        if kill -0 "$pid" 2>/dev/null; then
            dsm_kill_tree "$pid"
            signalled=1
        fi
    done
    if (( signalled )); then
        sleep "$grace"
    fi
    for pid in "${DSM_PIDS[@]+"${DSM_PIDS[@]}"}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
}

# ---- Aeron directories under /dev/shm. A node's embedded media driver deletes its directory on
# close; a JVM that was killed leaves it behind.

# dsm_rm_cluster_dirs PID...: removes the directories of the in-process clusters (DsmCluster)
# of these JVMs: /dev/shm/dsm-cluster-PID-*.
dsm_rm_cluster_dirs() {
    local pid
    for pid in "$@"; do
        rm -rf "/dev/shm/dsm-cluster-$pid-"* 2>/dev/null || true
    done
}

# dsm_rm_node_dirs PORT COUNT: removes the default directories of nodes 0..COUNT-1 listening on
# ports PORT, PORT+1, ... (NodeConfig's default dsm.aeron.dir, /dev/shm/dsm-node-<id>-<port>).
dsm_rm_node_dirs() {
    local port=$1 count=$2 i
    for (( i = 0; i < count; i++ )); do
        rm -rf "/dev/shm/dsm-node-$i-$(( port + i ))"
    done
}

# dsm_cluster_dirs: prints the in-process cluster directories there are now, sorted, one a line
# (for dsm_rm_orphan_cluster_dirs).
dsm_cluster_dirs() {
    # shellcheck disable=SC2012 # the names are ours: dsm-cluster-<pid>-<n>
    ls -d /dev/shm/dsm-cluster-* 2>/dev/null | sort || true
}

# dsm_rm_orphan_cluster_dirs BEFORE: removes the in-process cluster directories that are not in
# BEFORE (an earlier dsm_cluster_dirs) and whose JVM has ended: those of JVMs started since BEFORE
# (jcstress forks, say) that were killed. Directories of running JVMs are left alone.
dsm_rm_orphan_cluster_dirs() {
    local before=$1 d pid
    for d in $(comm -13 <(printf '%s\n' "$before") <(dsm_cluster_dirs)); do
        pid=${d#/dev/shm/dsm-cluster-}
        pid=${pid%%-*}
        if [[ "$pid" =~ ^[0-9]+$ ]] && ! kill -0 "$pid" 2>/dev/null; then
            rm -rf -- "$d"
        fi
    done
}
