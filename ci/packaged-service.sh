# Sourced by the scripts that test the packaged service (web/ci.sh, federation/run.sh,
# ci/graphql-http/run.sh): starts target/quarkus-app/quarkus-run.jar on the given ports with a
# throw-away embedded PostgreSQL (migrated, with the seed) and stops it again.
#
# The instance accepts tokens signed with the repository's dev key (bin/dev-token) and has no
# anonymous rate limit: it is a throw-away instance for tests that write and send many requests.
#
#   packaged_service_start LOG PORT MANAGEMENT_PORT [JVM option...]   ready when its health says so
#   packaged_service_stop
#   free_port                                                         a free TCP port on 127.0.0.1

packaged_service_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
packaged_service_pid=""
packaged_service_database=""

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'
}

packaged_service_start() {
  local log=$1 port=$2 management_port=$3
  shift 3
  packaged_service_database=$(mktemp -d /tmp/newsroom-service-db.XXXXXX)
  java "$@" \
    -Dquarkus.http.port="${port}" -Dquarkus.management.port="${management_port}" \
    -Dmp.jwt.verify.publickey.location="file:${packaged_service_root}/src/test/resources/dev-keys/newsroom-dev-public-key.pem" \
    -Dmp.jwt.verify.issuer=https://newsroom.dev/dev-token \
    -Dnewsroom.quota.rate-limit.anonymous.enabled=false \
    -Dnewsroom.embedded-postgres.data-directory="${packaged_service_database}" \
    -Dnewsroom.embedded-postgres.ephemeral=true \
    -jar "${packaged_service_root}/target/quarkus-app/quarkus-run.jar" > "${log}" 2>&1 &
  packaged_service_pid=$!
  for _ in $(seq 180); do
    if curl -sf -o /dev/null "http://127.0.0.1:${management_port}/q/health/ready"; then
      echo "service up on port ${port} (log: ${log})"
      return 0
    fi
    kill -0 "${packaged_service_pid}" 2>/dev/null || break
    sleep 1
  done
  echo "the service did not become ready; last lines of ${log}:"
  tail -n 30 "${log}"
  return 1
}

packaged_service_stop() {
  if [[ -n "${packaged_service_pid}" ]] && kill -0 "${packaged_service_pid}" 2>/dev/null; then
    kill "${packaged_service_pid}" 2>/dev/null
    for _ in $(seq 30); do kill -0 "${packaged_service_pid}" 2>/dev/null || break; sleep 1; done
    kill -9 "${packaged_service_pid}" 2>/dev/null || true
  fi
  packaged_service_pid=""
  [[ -n "${packaged_service_database}" ]] && rm -rf "${packaged_service_database}"
  packaged_service_database=""
}
