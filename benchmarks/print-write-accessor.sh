#!/usr/bin/env bash
# Developer check of the announced write path's machine code (research-write-path.md §3, §9.3);
# not run in CI. Prints the C2 code of one generated write accessor inlined into a loop
# (io.dsm.benchmarks.fastpath.AccessorProbe::loop, which writes SharedPoint.x of each element of
# an array; the agent hoists the writer slot into a local, so C2 inlines $dsm$w$x(o, v, slot) and
# BlockState.enterAnnounced/exitAnnounced), and checks that every write section in it keeps
# program order, with no fence, and that no announcement is missing:
#
#   1. movl $0x1,FLAG(%slot)         flag = 1            (WriterSlot.IN_FLIGHT.setOpaque)
#   2. mov  STATE(%obj),%reg         state load          (getOpaque of $dsm$state)
#   3. mov  ...,FIELD(%obj)          the field store     (o.x = v)
#   4. mov  %r12d|$0x0,FLAG(%slot)   flag = 0            (setRelease; r12 = 0 with zero-based compressed oops)
#
# FLAG, STATE and FIELD are the field offsets the probe prints (WriterSlot's inFlight, SharedPoint's
# $dsm$state and x). Fails loudly (exit 1) when no section is found, when a section's steps come in
# another order or one is missing, when a flag store has no matching clear, or when a lock-prefixed
# instruction or mfence sits inside a section.
#
# The disassembly: hsdis when the JVM can load one (HSDIS_DIR=dir holding hsdis-amd64.so, put on
# LD_LIBRARY_PATH); Debian's libhsdis0-fcml exports only the pre-JDK 9 entry point
# decode_instructions, which JDK 17 and 25 do not call, so normally the JVM prints hex
# (-XX:CompileCommand=print without hsdis) and this script decodes it with
# objdump -D -b binary -mi386:x86-64 (binutils).
#
#   benchmarks/print-write-accessor.sh [out dir, default benchmarks/target/write-accessor]
#
# Environment (all optional):
#   JDKS="17=/usr/lib/jvm/java-17-openjdk-amd64 25=/usr/lib/jvm/temurin-25-jdk-amd64"   which JDKs (name=home)
#   WRITES=asym        the write mode of the probe JVM (the check's order is the asym one; in cas
#                      mode the flag store is volatile and a lock addl follows it, which fails the check)
#   DSM_AGENT_JAR / BENCH_JAR   the jars (default: the build's); builds nothing.
# Output: OUT/<jdk>.jvm.txt (the JVM's print), OUT/<jdk>.asm.txt (the decoded loop method),
# OUT/<jdk>.check.txt (the sections found); a verdict line per JDK; exit 1 if any JDK fails.
set -euo pipefail
# shellcheck source=bin/lib/dsm-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/dsm-common.sh"

out=${1:-$DSM_ROOT/benchmarks/target/write-accessor}
JDKS="${JDKS:-17=/usr/lib/jvm/java-17-openjdk-amd64 25=/usr/lib/jvm/temurin-25-jdk-amd64}"
WRITES="${WRITES:-asym}"
BENCH_JAR="${BENCH_JAR:-$(dsm_jar benchmarks)}"
if missing=$(dsm_first_missing "$AGENT_JAR" "$BENCH_JAR"); then
    echo "ERROR: $missing is missing; build first: mvn -B -q install -DskipTests -pl runtime,agent,benchmarks" >&2
    exit 1
fi
command -v objdump >/dev/null || { echo "ERROR: objdump (binutils) is needed" >&2; exit 1; }
mkdir -p "$out"
trap 'dsm_stop_all 1' EXIT
METHOD='io.dsm.benchmarks.fastpath.AccessorProbe::loop'

# machcode JVM_TXT: prints "START_ADDRESS HEXBYTES" of the last C2 (tier 4, not OSR) nmethod of METHOD
machcode() {
    awk '
        /^Compiled method \(c2\)/ { inm = ($0 ~ /AccessorProbe::loop \(/ && $0 !~ / % /); if (inm) { start = ""; hex = "" } next }
        inm && /^\[MachCode\]/ { mc = 1; next }
        inm && /^\[\/MachCode\]/ { mc = 0; inm = 0; lastStart = start; lastHex = hex; next }
        mc && /^ +0x[0-9a-f]+: +[0-9a-f]/ {
            line = $0
            addr = line; sub(/^ +/, "", addr); sub(/:.*/, "", addr)
            if (start == "") start = addr
            sub(/^ +0x[0-9a-f]+: +/, "", line); gsub(/[ |]/, "", line)
            hex = hex line
        }
        END { if (lastHex != "") print lastStart, lastHex }' "$1"
}

# check ASM FLAG STATE FIELD: the order check over objdump's AT&T output; prints the sections; fails on a bad one
check() {
    awk -v flag="$2" -v state="$3" -v field="$4" '
        function fail(msg) { printf "FAIL: %s\n  at: %s\n", msg, $0; bad = 1 }
        /^ +[0-9a-f]+:\t/ {
            n = split($0, parts, "\t"); ins = parts[n]; gsub(/ +/, " ", ins); sub(/ +$/, "", ins)
            if (ins ~ ("^movl \\$0x1," flag "\\(")) {
                if (st != 0) fail("flag set again before the section ended")
                op = ins; sub(/^movl \$0x1,/, "", op); st = 1; sec = $0; next
            }
            if (st == 0) next
            if (ins ~ /^lock / || ins ~ /^mfence/) fail("fence inside a write section: " ins)
            if (index(ins, "," op) && ins ~ /^mov/ && ins ~ ("," flag "\\(")) {
                src = ins; sub(/^movl? /, "", src); sub(/,.*/, "", src)
                if (src != "%r12d" && src != "$0x0") { fail("flag store of " src); st = 0; next }
                if (st != 3) { fail("flag cleared at step " st " (expected after state load and field store)"); st = 0; next }
                sections++; printf "section %d OK: flag set / state load / field store / flag clear, ending at %s\n", sections, $1
                st = 0; next
            }
            if (st == 1 && ins ~ ("^mov " state "\\(")) { st = 2; next }
            if (st == 1 && ins ~ ("," field "\\(") && ins ~ /^mov/) { fail("field store before the state load"); st = 0; next }
            if (st == 2 && ins ~ /^mov/ && ins ~ ("," field "\\(")) { st = 3; next }
        }
        END {
            if (st != 0) { print "FAIL: a write section did not end (flag set, no clear after step " st ")"; bad = 1 }
            if (sections == 0) { print "FAIL: no write section found in the loop"; bad = 1 }
            printf "%d sections, %s\n", sections, bad ? "ORDER CHECK FAILED" : "order flag-store, state-load, field-store, flag-clear everywhere; no fence"
            exit bad
        }' "$1"
}

rc=0
for entry in $JDKS; do
    name=${entry%%=*}
    home=${entry#*=}
    java="$home/bin/java"
    extra=()
    feature=$("$java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ { print $2 }')
    if (( feature >= 22 )); then
        extra=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
    fi
    echo "==== JDK $name ($("$java" -version 2>&1 | head -1)), dsm.writes=$WRITES, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    LD_LIBRARY_PATH="${HSDIS_DIR:-}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
        dsm_start "$java" -javaagent:"$AGENT_JAR" "${DSM_JVM_FLAGS[@]}" "${extra[@]}" -Ddsm.writes="$WRITES" \
        -XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=quiet -XX:CompileCommand=print,"$METHOD" \
        -cp "$BENCH_JAR" io.dsm.benchmarks.fastpath.AccessorProbe >"$out/$name.jvm.txt" 2>&1
    if ! dsm_await "$DSM_STARTED_PID" 120 "AccessorProbe on JDK $name"; then
        echo "FAIL: the probe JVM failed; see $out/$name.jvm.txt" >&2
        rc=1
        continue
    fi
    read -r _ flag state field _ < <(grep '^PROBE flag=' "$out/$name.jvm.txt" | sed 's/[a-z]*=//g')
    echo "$(grep '^PROBE flag=' "$out/$name.jvm.txt")"
    if grep -q '^ *0x[0-9a-f]*: *[a-z]\{2,\}' "$out/$name.jvm.txt" && ! grep -q '^ *0x[0-9a-f]*: [0-9a-f]\{4\} ' "$out/$name.jvm.txt"; then
        echo "NOTE: the JVM disassembled itself (hsdis); the check still decodes the hex it would print without: set HSDIS_DIR= to compare" >&2
    fi
    read -r start hex < <(machcode "$out/$name.jvm.txt") || true
    if [[ -z "${hex:-}" ]]; then
        echo "FAIL: no C2 code of $METHOD with hex bytes in $out/$name.jvm.txt (hsdis loaded? then unset HSDIS_DIR)" >&2
        rc=1
        continue
    fi
    printf '%s' "$hex" | xxd -r -p > "$out/$name.bin"
    objdump -D -b binary -mi386:x86-64 --adjust-vma="$start" "$out/$name.bin" | sed -n '/<.data>:/,$p' > "$out/$name.asm.txt"
    echo "C2 code of $METHOD ($(stat -c %s "$out/$name.bin") bytes from $start), the write sections marked:"
    awk -v flag="$flag" -v state="$state" -v field="$field" '
        /^ +[0-9a-f]+:\t/ {
            n = split($0, p, "\t"); ins = p[n]; gsub(/ +/, " ", ins); mark = ""
            if (ins ~ ("^movl \\$0x1," flag "\\(")) { mark = "   <== flag = 1"; insec = 1 }
            else if (insec && ins ~ ("^mov " state "\\(")) mark = "   <== state load"
            else if (insec && ins ~ /^mov (%r12d|\$0x0),/ && ins ~ ("," flag "\\(") && ins !~ /%r12,/) { mark = "   <== flag = 0"; insec = 0 }
            else if (insec && ins ~ /^mov/ && ins ~ ("," field "\\(%r12,")) mark = "   <== field store"
            print $0 mark
        }' "$out/$name.asm.txt" | sed -n '1,400p'
    if check "$out/$name.asm.txt" "$flag" "$state" "$field" | tee "$out/$name.check.txt"; then
        echo "JDK $name: PASS"
    else
        echo "JDK $name: FAIL (write accessor order) -- see $out/$name.asm.txt"
        rc=1
    fi
done
exit "$rc"
