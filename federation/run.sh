#!/usr/bin/env bash
# The newsroom API in a company graph, and Apollo Client against it (docs/federation.md):
#   test/gateway.test.js        Apollo Gateway composing the packaged service with a newsletter
#                               subgraph (newsletter-subgraph.js); queries across both, both ways
#   test/apollo-client.test.js  Apollo Client core, InMemoryCache, relayStylePagination
# Installs the pinned packages (npm ci), packages the service when target/ has no current build,
# starts it on a free port with the embedded PostgreSQL and the seed (throw-away data; tokens of
# the repository's dev key are accepted), runs the tests with node's test runner and stops it.
# Ends with one line: "federation: N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
here=$(pwd)
root=$(cd .. && pwd)
target="${root}/target"
mkdir -p "${target}"

passed=0
failed=0
# shellcheck source=../ci/packaged-service.sh
source "${root}/ci/packaged-service.sh"

finish() {
  packaged_service_stop
  echo "federation: ${passed} passed, ${failed} failed"
}
trap finish EXIT

# A step that is not a test of its own counts as one failure when it fails, and stops the run.
require() {
  local name=$1
  shift
  echo "== federation: ${name}"
  if ! "$@"; then
    echo "   ${name}: FAILED"
    failed=$((failed + 1))
    exit 1
  fi
}

node_is_recent() {
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' \
    || { echo "Node.js >= 20.19 is needed (found $(node --version 2>/dev/null || echo none))"; return 1; }
}

package_service() {
  local jar="${target}/quarkus-app/quarkus-run.jar"
  if [[ -f "${jar}" && -z "$(find "${root}/src/main" "${root}/pom.xml" -newer "${jar}" -print -quit)" ]]; then
    echo "target/quarkus-app is newer than the sources: using it"
    return 0
  fi
  (cd "${root}" && ./mvnw -B -q package -DskipTests)
}

start_service() {
  port=${FEDERATION_SERVICE_PORT:-$(free_port)}
  packaged_service_start "${target}/federation-service.log" "${port}" "${FEDERATION_MANAGEMENT_PORT:-$(free_port)}"
}

require "Node.js" node_is_recent
require "npm ci" npm ci --no-audit --no-fund --loglevel=error
require "package the service" package_service
require "start the service" start_service
editor_token=$(cd "${root}" && bin/dev-token --roles editor --sub federation-tests --ttl 3600 2>/dev/null)
[[ -n "${editor_token}" ]] || echo "bin/dev-token failed: the tests that write will fail"

report="${target}/federation-results.tap"
rm -f "${report}"
echo "== federation: tests"
# One file at a time: both write to the same service and compare whole lists.
NEWSROOM_URL="http://127.0.0.1:${port}/graphql" NEWSROOM_EDITOR_TOKEN="${editor_token}" \
  node --test --test-concurrency=1 --test-timeout=120000 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="${report}" \
    test/gateway.test.js test/apollo-client.test.js
status=$?
passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "${report}" 2>/dev/null | tail -1)
failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "${report}" 2>/dev/null | tail -1)
passed=${passed:-0}
failed=${failed:-0}
# A file that did not load, or a runner that stopped, counts as a failure even with no failed test.
if (( status != 0 && failed == 0 )); then failed=1; fi
(( failed == 0 ))
