#!/usr/bin/env bash
# The reader's CI: browser and fonts, npm ci, codegen (validates every operation against the
# committed schema), the service's manifest of the reader's trusted documents (persisted
# operations) against the operations, typecheck, unit tests, build, breaking-change check of the
# schema, then the packaged service (embedded PostgreSQL with the seed, serving the built reader) and the
# end-to-end tests in Debian's Chromium. Screenshots: target/e2e-screenshots/.
# Ends with one line: "reader: N passed, N failed".
#
#   READER_E2E_PORT  HTTP port of the service under test (default 18084)
#   READER_E2E_MANAGEMENT_PORT  its management port, health and metrics (default 18094)
#   SCHEMA_BASE      commit the schema is compared with (default HEAD~1, see scripts/schema-check.sh)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
web=$(pwd)
root=$(cd .. && pwd)
port=${READER_E2E_PORT:-18084}
management_port=${READER_E2E_MANAGEMENT_PORT:-18094}
target="${root}/target"
mkdir -p "${target}"
started=$(date +%s)

passed=0
failed=0
failures=()
# shellcheck source=../ci/packaged-service.sh
source "${root}/ci/packaged-service.sh"

summary() {
  packaged_service_stop
  echo
  for failure in "${failures[@]+"${failures[@]}"}"; do echo "FAILED: ${failure}"; done
  echo "reader: ${passed} passed, ${failed} failed ($(( $(date +%s) - started ))s; unit and e2e tests count one each, other steps one each)"
}
trap summary EXIT

# step NAME COMMAND...: runs a step that counts as one check.
step() {
  local name=$1
  shift
  echo "== reader: ${name}"
  local from=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    echo "   ${name}: ok ($((SECONDS - from))s)"
    return 0
  fi
  echo "   ${name}: FAILED ($((SECONDS - from))s)"
  failed=$((failed + 1))
  failures+=("${name}")
  return 1
}

# Adds the tests of a vitest JSON report to the counts.
count_tests() {
  local report=$1 name=$2
  if [[ ! -s "${report}" ]]; then
    failed=$((failed + 1)); failures+=("${name}: no report"); return
  fi
  local counts
  # a file that fails to load has no failed tests but a failed suite: count it once
  counts=$(node -e 'const r = require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests || r.numFailedTestSuites)' "${report}")
  passed=$((passed + ${counts% *}))
  local bad=${counts#* }
  failed=$((failed + bad))
  (( bad > 0 )) && failures+=("${name}: ${bad} failed")
}

install_browser() {
  local packages=()
  [[ -x /usr/bin/chromium ]] || packages+=(chromium)
  # Urdu needs an Arabic-script font to shape its text (Noto Naskh Arabic; Nastaliq where present).
  fc-list : family 2>/dev/null | grep -i 'Noto Naskh Arabic' >/dev/null || packages+=(fonts-noto-core)
  if (( ${#packages[@]} > 0 )); then
    echo "installing ${packages[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  fi
  /usr/bin/chromium --version
}

node_is_recent() {
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' \
    || { echo "Node.js >= 20.19 is needed (found $(node --version 2>/dev/null || echo none))"; return 1; }
}

package_service() {
  # The build copies web/dist into the jar (META-INF/resources/reader): see pom.xml. When the
  # packaged jar already holds this very build (index.html names the hashed assets) and is newer
  # than the service's sources, it is reused.
  local jar
  jar=$(ls "${target}"/quarkus-app/app/*.jar 2>/dev/null | head -1)
  if [[ -n "${jar}" ]] && command -v unzip >/dev/null \
      && [[ -z "$(find "${root}/src/main" "${root}/pom.xml" -newer "${jar}" -print -quit)" ]] \
      && cmp -s <(unzip -p "${jar}" META-INF/resources/reader/index.html 2>/dev/null) dist/index.html; then
    echo "the packaged service already serves this build of the reader"
    return 0
  fi
  (cd "${root}" && ./mvnw -B -q package -DskipTests)
}

start_service() {
  # The live-update test writes through mutations, with a token of the dev key (bin/dev-token).
  packaged_service_start "${target}/reader-e2e-service.log" "${port}" "${management_port}"
}

served_schema_is_committed() {
  curl -sf "http://127.0.0.1:${port}/graphql/schema.graphql" > "${target}/served-schema.graphql" || return 1
  if diff <(sed -e 's/\r$//' "${target}/served-schema.graphql" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}') \
          <(sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "${root}/schema.graphql") > "${target}/served-schema.diff"; then
    return 0
  fi
  echo "the served schema differs from schema.graphql (target/served-schema.diff); see docs/development.md, 'The client contract'"
  head -20 "${target}/served-schema.diff"
  return 1
}

step "Node.js version" node_is_recent || exit 1
step "Chromium and fonts" install_browser || exit 1
step "npm ci" npm ci --no-audit --no-fund --loglevel=error || exit 1
step "codegen (operations valid against schema.graphql)" npm run -s codegen || exit 1
step "trusted documents (src/main/resources/persisted/reader.json = operations.ts)" npm run -s persisted:check
step "typecheck" npm run -s typecheck
rm -f "${target}/web-unit-results.json"
echo "== reader: unit tests"
npx --no-install vitest run --config vitest.config.ts --reporter=default --reporter=json --outputFile.json="${target}/web-unit-results.json"
count_tests "${target}/web-unit-results.json" "unit tests"
step "build" npm run -s build || exit 1
step "schema breaking-change check" bash scripts/schema-check.sh
step "package the service with the reader" package_service || exit 1
step "start the service" start_service || exit 1
step "served schema = schema.graphql" served_schema_is_committed
rm -f "${target}/e2e-results.json"
echo "== reader: end-to-end tests in Chromium"
editor_token=$(cd "${root}" && bin/dev-token --roles editor --sub reader-e2e --ttl 3600 2>/dev/null) \
  || echo "bin/dev-token failed: the live-update test is skipped"
READER_EDITOR_TOKEN="${editor_token:-}" READER_BASE_URL="http://127.0.0.1:${port}" READER_SCREENSHOTS="${target}/e2e-screenshots" \
  npx --no-install vitest run --config vitest.e2e.config.ts
count_tests "${target}/e2e-results.json" "e2e tests"
echo "screenshots: $(ls "${target}/e2e-screenshots" 2>/dev/null | tr '\n' ' ')"
(( failed == 0 ))
