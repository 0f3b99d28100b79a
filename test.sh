#!/usr/bin/env bash
# The whole test suite: unit, in-process cluster and multi-JVM tests (Maven verify, the real
# shaded agent attached), then the bounded jcstress pass with the agent in every forked JVM.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B verify
jcstress-tests/run-jcstress.sh bounded
