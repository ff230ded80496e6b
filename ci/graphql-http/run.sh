#!/usr/bin/env bash
# The graphql-http audit suite (GraphQL over HTTP: every MUST, SHOULD and MAY the package checks)
# against the packaged service. Builds nothing: it takes target/quarkus-app/quarkus-run.jar (from
# ./mvnw verify or package), starts it on a free port with the pod's JVM settings and a throw-away
# embedded PostgreSQL, runs the audits and stops the service. Exits non-zero on any failed or
# warned audit; the last line is "graphql-http: N passed, N failed".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/../.." && pwd)"
jar="${root}/target/quarkus-app/quarkus-run.jar"
log="${root}/target/graphql-http-service.log"

if [[ ! -f "${jar}" ]]; then
  echo "no packaged service at ${jar}: run ./mvnw verify (or package) first" >&2
  exit 2
fi

# shellcheck source=../packaged-service.sh
source "${root}/ci/packaged-service.sh"
trap packaged_service_stop EXIT

(cd "${here}" && npm ci --no-audit --no-fund --loglevel=error)

# The pod's JVM settings (k8s/base: 768 MiB memory limit, JAVA_OPTS_APPEND).
port=$(free_port)
packaged_service_start "${log}" "${port}" "$(free_port)" \
  -XX:MaxRAM=768m -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Dquarkus.shutdown.delay-enabled=false

(cd "${here}" && node audit.mjs "http://127.0.0.1:${port}/graphql")
