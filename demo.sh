#!/usr/bin/env bash
# The demo: builds what is missing, then runs the relay example across 3 local JVMs.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f agent/target/dsm-agent.jar ] || [ ! -f examples/target/dsm-examples.jar ]; then
  echo "building the agent and the examples (first run only)..."
  mvn -B -q -DskipTests package -pl runtime,agent,examples -am
fi
exec bin/dsm-run -n 3 -cp examples/target/dsm-examples.jar io.dsm.examples.RelayDemo 3 3
