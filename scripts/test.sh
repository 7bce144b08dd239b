#!/usr/bin/env bash
# The project's test command: build, lint, unit tests, then integration tests against real
# servers, one file at a time. Ends with one line "N passed, N failed" over everything.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-artifacts
tool_failures=0

# Build and lint count as one check each; jest reports count every test.
check() {
  local name=$1; shift
  echo "== $name"
  if "$@"; then echo "== $name: ok"; else echo "== $name: FAILED"; tool_failures=$((tool_failures + 1)); fi
}

check build npm run build --silent
check lint npm run lint --silent
# The Kubernetes control plane the integration tests start: built once from the Go module
# proxy and cached outside the repo (minutes cold, instant when cached).
check kubernetes-binaries bash deploy/testenv/k8s.sh build
check test-tools bash scripts/test-tools.sh
rm -f test-artifacts/unit.json test-artifacts/e2e.json test-artifacts/fault.json
echo "== unit"
npx jest --selectProjects unit --ci --json --outputFile=test-artifacts/unit.json
echo "== e2e"
npx jest --selectProjects e2e --runInBand --ci --forceExit --json --outputFile=test-artifacts/e2e.json
echo "== fault"
npx jest --selectProjects fault --runInBand --ci --forceExit --json --outputFile=test-artifacts/fault.json

node scripts/sum-results.js "$tool_failures" test-artifacts/unit.json test-artifacts/e2e.json test-artifacts/fault.json
