#!/usr/bin/env bash
# The whole test suite: unit, in-process cluster and multi-JVM tests (Maven verify, the real
# shaded agent attached), then the bounded jcstress pass with the agent in every forked JVM, then
# the broken-runtime pass, which succeeds only when the jcstress suite catches deliberately broken
# runtimes.
set -euo pipefail
# shellcheck source=bin/lib/dsm-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/bin/lib/dsm-common.sh"
cd "$DSM_ROOT"
mvn -B verify
jcstress-tests/run-jcstress.sh bounded
jcstress-tests/run-jcstress.sh broken
