#!/usr/bin/env bash
# The search benchmark (not part of the tests): loads a generated corpus into a fresh database on
# the PostgreSQL at 127.0.0.1:5432, starts the packaged service on it, and sends search queries
# through the GraphQL endpoint at a fixed concurrency with wrk. Writes its result to
# bench/results/search-latest.md. How to read it: docs/performance-search.md.
#
#   bash bench/search/run.sh                     # 200,000 articles, 8 clients, 60 s
#   ARTICLES=20000 DURATION=20s bash bench/search/run.sh
#   KEEP_DATABASE=1 bash bench/search/run.sh     # keep newsroom_bench_search afterwards
#   REUSE_DATABASE=1 bash bench/search/run.sh    # measure again on a kept corpus (kept again)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

port="${PORT:-18082}"
management_port="${MANAGEMENT_PORT:-18092}"
articles="${ARTICLES:-200000}"
duration="${DURATION:-60s}"
clients="${CLIENTS:-8}"
database="${DATABASE:-newsroom_bench_search}"
psql_base=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1)

if ! command -v wrk >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq wrk
fi
if [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  ./mvnw -B -q package -DskipTests
fi

service_pid=""
cleanup() {
  if [ -n "${service_pid}" ]; then
    kill "${service_pid}" 2>/dev/null || true
    wait "${service_pid}" 2>/dev/null || true
  fi
  if [ "${KEEP_DATABASE:-0}" != "1" ]; then
    "${psql_base[@]}" -d postgres -qc "drop database if exists ${database} with (force)" || true
  fi
}
trap cleanup EXIT

reuse=false
if [ "${REUSE_DATABASE:-0}" = "1" ] && "${psql_base[@]}" -d "${database}" -Atc "select 1 from article limit 1" >/dev/null 2>&1; then
  reuse=true
  KEEP_DATABASE=1
  echo "== Reusing the corpus in ${database}"
else
  echo "== Fresh database ${database}"
  "${psql_base[@]}" -d postgres -qc "drop database if exists ${database} with (force)"
  "${psql_base[@]}" -d postgres -qc "create database ${database}"
fi

echo "== Packaged service on port ${port} (migrates the database)"
mkdir -p target
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/${database}" QUARKUS_DATASOURCE_USERNAME=postgres \
  NEWSROOM_QUOTA_RATE_LIMIT_ANONYMOUS_ENABLED=false \
  java -Xmx1g -Dquarkus.http.port="${port}" -Dquarkus.management.port="${management_port}" -jar target/quarkus-app/quarkus-run.jar \
  > target/bench-search-service.log 2>&1 &
service_pid=$!
for _ in $(seq 1 1800); do
  if curl -fsS "http://127.0.0.1:${management_port}/q/health/ready" >/dev/null 2>&1; then break; fi
  sleep 1
done
curl -fsS "http://127.0.0.1:${management_port}/q/health/ready" >/dev/null

if $reuse; then
  # a migration may have just added rows or tables: statistics and visibility maps for index-only scans
  "${psql_base[@]}" -d "${database}" -qc "vacuum analyze"
else
  echo "== Generating ${articles} articles (takes minutes)"
  time "${psql_base[@]}" -d "${database}" -q -v articles="${articles}" -f bench/search/generate.sql
fi
"${psql_base[@]}" -d "${database}" -Atc "select language, count(*) from article group by language order by 1"
"${psql_base[@]}" -d "${database}" -Atc "select 'statements', count(*) from statement"
"${psql_base[@]}" -d "${database}" -Atc "select 'database size', pg_size_pretty(pg_database_size(current_database()))"

"${psql_base[@]}" -d "${database}" -q -f bench/search/queries.sql > target/bench-search-queries.txt
echo "== $(wc -l < target/bench-search-queries.txt) search terms, e.g.:"
head -5 target/bench-search-queries.txt

echo "== Warm-up (15 s)"
QUERIES=target/bench-search-queries.txt wrk -t2 -c"${clients}" -d15s --timeout 30s -s bench/search/search.lua \
  "http://127.0.0.1:${port}" > /dev/null

# CPU of the service and of its PostgreSQL backends, from /proc, before and after the measured run
cpu_ticks() { local total=0 pid; for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/${pid}/stat" 2>/dev/null || echo 0))); done; echo "${total}"; }
backends() { "${psql_base[@]}" -d postgres -Atc "select pid from pg_stat_activity where datname = '${database}' and backend_type = 'client backend'"; }

echo "== Measured: ${clients} clients, ${duration}, machine: $(nproc) cores, $(free -h | awk '/Mem:/ {print $2}') memory, load average $(cut -d' ' -f1-3 /proc/loadavg)"
pg_pids=$(backends)
service_before=$(cpu_ticks "${service_pid}"); pg_before=$(cpu_ticks ${pg_pids})
QUERIES=target/bench-search-queries.txt wrk -t2 -c"${clients}" -d"${duration}" --timeout 30s -s bench/search/search.lua \
  "http://127.0.0.1:${port}" | tee target/bench-search-wrk.txt
service_after=$(cpu_ticks "${service_pid}"); pg_after=$(cpu_ticks ${pg_pids})
requests=$(awk '/^requests/ {print $2}' target/bench-search-wrk.txt)
ticks_per_second=$(getconf CLK_TCK)
cpu_line="CPU per request: service $(echo "scale=2; (${service_after} - ${service_before}) * 1000 / ${ticks_per_second} / ${requests}" | bc) ms, PostgreSQL $(echo "scale=2; (${pg_after} - ${pg_before}) * 1000 / ${ticks_per_second} / ${requests}" | bc) ms; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "${cpu_line}"

{
  echo "# Latest search benchmark"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git describe --always --dirty 2>/dev/null || echo unknown), ${clients} clients, ${duration}$(${reuse} && echo ', corpus reused')."
  echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -h | awk '/Mem:/ {print $2}') memory; PostgreSQL $("${psql_base[@]}" -d postgres -Atc 'show server_version' | cut -d' ' -f1) on the same machine."
  echo "Corpus: $("${psql_base[@]}" -d "${database}" -Atc "select count(*) from article") articles, $("${psql_base[@]}" -d "${database}" -Atc "select count(*) from statement") statements, $(wc -l < target/bench-search-queries.txt) search terms."
  echo
  echo '```'
  cat target/bench-search-wrk.txt
  echo '```'
  echo
  echo "${cpu_line}"
} > bench/results/search-latest.md
echo "== Written to bench/results/search-latest.md"
