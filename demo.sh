#!/usr/bin/env bash
# The demo: builds what is missing, then runs the relay example across 3 local JVMs.
set -euo pipefail
# shellcheck source=bin/lib/dsm-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/bin/lib/dsm-common.sh"
cd "$DSM_ROOT"
dsm_build_if_missing --say "building the agent and the examples (first run only)..." agent examples
exec bin/dsm-run -n 3 -cp examples/target/dsm-examples.jar io.dsm.examples.RelayDemo 3 3
