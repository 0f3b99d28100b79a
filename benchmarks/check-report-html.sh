#!/usr/bin/env bash
# Renders a dsm-layout HTML report in headless Chromium and checks what a person would see: the
# DOM the browser built has the chart (an svg with one rect of class "bar" per hot block) and the
# report's tables, and a screenshot of the page is a PNG of non-trivial size. Not part of CI.
#
#   benchmarks/check-report-html.sh [--bars N] [report.html]
#
# Without a report it makes one: two nodes' profiles of a made-up run (two falsely shared
# counters, a migratory counter, a quiet class) through bin/dsm-layout --html, so 2 bars.
# --bars N: the number of bars expected; by default, as many as the HTML file itself has (so the
# check is that the browser parsed every one of them as an SVG rect).
# Keeps the dumped DOM and the screenshot in OUT (default: a temporary directory, printed).
# Exit status: 0 all checks passed, 1 a check failed, 2 usage or no Chromium (says how to install).
set -euo pipefail
# shellcheck source=../bin/lib/dsm-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/dsm-common.sh"

bars="" html=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --bars) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || { echo "check-report-html: --bars needs a number" >&2; exit 2; }
                bars=$2; shift 2 ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "check-report-html: unknown option $1" >&2; exit 2 ;;
        *) [[ -z "$html" ]] || { echo "check-report-html: give one report" >&2; exit 2; }
           html=$1; shift ;;
    esac
done

browser="${CHROMIUM:-}"
if [[ -z "$browser" ]]; then
    for b in chromium chromium-browser google-chrome google-chrome-stable; do
        if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
    done
fi
if [[ -z "$browser" ]]; then
    echo "check-report-html: no Chromium found (looked for chromium, chromium-browser, google-chrome)." >&2
    echo "  Install it, on Debian: apt-get install chromium  (on Ubuntu: apt-get install chromium-browser)," >&2
    echo "  or point CHROMIUM at the browser's binary." >&2
    exit 2
fi

out="${OUT:-$(mktemp -d /tmp/check-report-html.XXXXXX)}"
mkdir -p "$out"
if [[ -z "$html" ]]; then
    write_profile() { # node, the field it writes
        printf '# dsm-profile 1\nnode\t%s\nnodes\t2\nprotocol\tivy-forwarding-manager\ndurationMs\t10000\n' "$1"
        printf 'layout\tdemo.Counters\ta,b\nfield\tdemo.Counters\ta\t0\tlong\t-\nfield\tdemo.Counters\tb\t0\tlong\t-\n'
        printf 'block\tdemo.Counters\t0\t1\t5000\t5000\t5000\t10000\t10000\t640000\t640000\t0\t5000\t%s000000000\n' "$((2 + $1))"
        printf 'access\tdemo.Counters\t0:1\t%s\t100000\t100000\n' "$2"
        printf 'layout\tdemo.Counter\tcount\nfield\tdemo.Counter\tcount\t0\tlong\tvolatile\n'
        printf 'block\tdemo.Counter\t0\t1\t3000\t3000\t3000\t6000\t6000\t384000\t384000\t0\t3000\t4000000000\n'
        printf 'access\tdemo.Counter\t1:1\tcount\t1000\t1000\n'
        printf 'layout\tdemo.Config\tlimit\nfield\tdemo.Config\tlimit\t0\tint\tfinal\n'
        printf 'block\tdemo.Config\t0\t1\t1\t0\t0\t2\t2\t128\t128\t1\t0\t1000\n'
    }
    write_profile 0 a > "$out/dsm-profile-node0.tsv"
    write_profile 1 b > "$out/dsm-profile-node1.tsv"
    html="$out/report.html"
    "$DSM_ROOT/bin/dsm-layout" --html "$html" "$out"/dsm-profile-node*.tsv
fi
[[ -f "$html" ]] || { echo "check-report-html: $html: no such file" >&2; exit 2; }
html=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
# count_bars FILE: the chart's bars in FILE (rects of class "bar", however many a line holds)
count_bars() {
    { grep -o '<rect class="bar[ "]' "$1" || true; } | wc -l
}
# is_png FILE: whether FILE starts with the PNG signature
is_png() {
    [[ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]]
}
if [[ -z "$bars" ]]; then
    bars=$(count_bars "$html")
fi

run_browser() {
    timeout 90 "$browser" --headless --disable-gpu --no-sandbox --no-first-run --hide-scrollbars \
        --user-data-dir="$out/browser-profile" "$@" "file://$html"
}
run_browser --dump-dom > "$out/dom.html" 2> "$out/dump-dom.log" || {
    echo "check-report-html: $browser --dump-dom failed; see $out/dump-dom.log" >&2; exit 1; }
(cd "$out" && run_browser --window-size=1280,1600 --screenshot="$out/screenshot.png") > "$out/screenshot.log" 2>&1 || {
    echo "check-report-html: $browser --screenshot failed; see $out/screenshot.log" >&2; exit 1; }

failed=0
check() { # description, command...
    local what=$1
    shift
    if "$@"; then echo "ok    $what"; else echo "FAIL  $what"; failed=1; fi
}
dom_bars=$(count_bars "$out/dom.html")
png_size=$(stat -c %s "$out/screenshot.png" 2>/dev/null || echo 0)
check "the DOM has the chart (svg#moves-chart)" grep -q '<svg[^>]*id="moves-chart"' "$out/dom.html"
check "the chart has $bars bar(s) (the DOM has $dom_bars)" test "$dom_bars" -eq "$bars"
if (( bars > 0 )); then
    check "the DOM has the ranking table (table#hot-blocks)" grep -q '<table[^>]*id="hot-blocks"' "$out/dom.html"
    check "the DOM has the per-field tables (table.fields)" grep -q '<table[^>]*class="fields"' "$out/dom.html"
else
    check "the DOM has the run table (table.run)" grep -q '<table[^>]*class="run"' "$out/dom.html"
fi
check "the title is the report's" grep -q '<title>dsm false-sharing report</title>' "$out/dom.html"
check "the screenshot is a PNG" is_png "$out/screenshot.png"
check "the screenshot is not blank ($png_size bytes, want > 20000)" test "$png_size" -gt 20000
echo "DOM: $out/dom.html  screenshot: $out/screenshot.png"
if (( failed )); then
    echo "check-report-html: FAILED for $html" >&2
    exit 1
fi
echo "check-report-html: $html renders as expected in $("$browser" --version 2>/dev/null || echo "$browser")"
