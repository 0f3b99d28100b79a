#!/usr/bin/env bash
# The whole test suite: unit, in-process cluster and multi-JVM tests (Maven verify, the real
# shaded agent attached), then the bounded jcstress pass with the agent in every forked JVM, then
# the broken-runtime pass, which succeeds only when the jcstress suite catches deliberately broken
# runtimes.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B verify
jcstress-tests/run-jcstress.sh bounded
jcstress-tests/run-jcstress.sh broken
