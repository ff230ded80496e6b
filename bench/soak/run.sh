#!/usr/bin/env bash
# Soak run: the packaged service under mixed reads, writes (editor token from bin/dev-token) and
# change-feed polls (a partner created for the run, with its API key) at a fixed, sustainable rate. Reports per
# interval: requests, error rate, p50/p99 latency, RSS and heap. Not part of the test suite.
#
#   bench/soak/run.sh [--seconds 600] [--rate 40] [--interval 60] [--no-build]
#
# Database: the embedded PostgreSQL (persistent, under bench/soak/.data) unless SOAK_JDBC_URL is
# set (e.g. jdbc:postgresql://127.0.0.1:5432/newsroom_soak, user SOAK_DB_USER, default postgres).
# Ports: SOAK_PORT (18184), SOAK_MANAGEMENT_PORT (18194, health and metrics). Writes add articles with headlines "soak-<time>-<n>" (drafts).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
seconds=600; rate=40; interval=60; build=true
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift ;;
    --rate) rate=$2; shift ;;
    --interval) interval=$2; shift ;;
    --no-build) build=false ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
port=${SOAK_PORT:-18184}
management_port=${SOAK_MANAGEMENT_PORT:-18194}

if $build || [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  ./mvnw -B -q package -DskipTests
fi

env_args=(QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT="$management_port" QUARKUS_LOG_CONSOLE_JSON_ENABLED=false
  MP_JWT_VERIFY_PUBLICKEY_LOCATION="$(pwd)/src/test/resources/dev-keys/newsroom-dev-public-key.pem"
  MP_JWT_VERIFY_ISSUER=https://newsroom.dev/dev-token
  # every request comes from one address and one editor: their budgets would stop the run
  NEWSROOM_QUOTA_RATE_LIMIT_ANONYMOUS_ENABLED=false NEWSROOM_QUOTA_RATE_LIMIT_EDITOR_ENABLED=false
  NEWSROOM_QUOTA_RATE_LIMIT_PARTNER_ENABLED=false)
if [ -n "${SOAK_JDBC_URL:-}" ]; then
  env_args+=(QUARKUS_DATASOURCE_JDBC_URL="$SOAK_JDBC_URL" QUARKUS_DATASOURCE_USERNAME="${SOAK_DB_USER:-postgres}")
else
  env_args+=(NEWSROOM_EMBEDDED_POSTGRES_DATA_DIRECTORY="$(pwd)/bench/soak/.data/postgres")
fi

log=bench/soak/service.log
env "${env_args[@]}" java -Xmx512m -jar target/quarkus-app/quarkus-run.jar >"$log" 2>&1 &
service=$!
trap 'kill $service 2>/dev/null; wait $service 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  curl -fs "http://127.0.0.1:$management_port/q/health/ready" >/dev/null 2>&1 && break
  kill -0 $service 2>/dev/null || { echo "service exited, see $log" >&2; exit 1; }
  sleep 1
done

token=$(bin/dev-token --roles editor --sub soak-editor)
admin_token=$(bin/dev-token --roles admin --sub soak-admin)
node bench/soak/soak.mjs --url "http://127.0.0.1:$port" --management-url "http://127.0.0.1:$management_port" --token "$token" --admin-token "$admin_token" \
  --seconds "$seconds" --rate "$rate" \
  --interval "$interval" --pid "$service"
