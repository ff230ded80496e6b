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

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
port=$(free_port)
management_port=$(free_port)
database_dir=$(mktemp -d /tmp/graphql-http-db.XXXXXX)
service_pid=""
cleanup() {
  if [[ -n "${service_pid}" ]] && kill -0 "${service_pid}" 2>/dev/null; then
    kill "${service_pid}" 2>/dev/null || true
    wait "${service_pid}" 2>/dev/null || true
  fi
  rm -rf "${database_dir}"
}
trap cleanup EXIT

(cd "${here}" && npm ci --no-audit --no-fund --loglevel=error)

# The pod's JVM settings (k8s/base: 768 MiB memory limit, JAVA_OPTS_APPEND). Anonymous rate
# limits are off: the audits send dozens of requests from one address in a few seconds.
java -XX:MaxRAM=768m -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError \
  -Dquarkus.http.port="${port}" \
  -Dquarkus.management.port="${management_port}" \
  -Dquarkus.shutdown.delay-enabled=false \
  -Dnewsroom.quota.rate-limit.anonymous.enabled=false \
  -Dnewsroom.embedded-postgres.data-directory="${database_dir}" \
  -Dnewsroom.embedded-postgres.ephemeral=true \
  -jar "${jar}" > "${log}" 2>&1 &
service_pid=$!

for _ in $(seq 180); do
  # Ready once it answers a query (health may be served on the management interface instead).
  if curl -sf -o /dev/null -H 'Content-Type: application/json' -H 'Accept: application/json' \
      --data '{"query":"{ __typename }"}' "http://127.0.0.1:${port}/graphql"; then
    break
  fi
  if ! kill -0 "${service_pid}" 2>/dev/null; then
    echo "the service stopped while starting; last lines of ${log}:" >&2
    tail -20 "${log}" >&2
    exit 1
  fi
  sleep 1
done

(cd "${here}" && node audit.mjs "http://127.0.0.1:${port}/graphql")
