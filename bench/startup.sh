#!/usr/bin/env bash
# Time from process start to the first answered GraphQL query of the packaged service, repeated:
# the "new pod answers in under 2 s" figure of docs/performance.md. Each run starts a fresh JVM on
# an already migrated database, sends the front page query (the 20 newest articles with their
# statements, speakers and countries: it touches the database, the compiled reads and the
# schema) every 20 ms until one answers with data, and stops the JVM. Prints every run and the
# median; the time Quarkus logs as "started in" is printed beside it.
#
#   bench/startup.sh [--runs 5] [--no-build] [JVM options...]
#   bench/startup.sh --runs 5 -XX:SharedArchiveFile=app-cds.jsa -XX:+UseSerialGC
#
# The JVM runs in target/quarkus-app (an AppCDS archive names its jar by that relative path).
# The first start of a run migrates the database (and imports the seed) and is not counted; the
# counted starts run as the Kubernetes pods do, without either (QUARKUS_FLYWAY_MIGRATE_AT_START and
# NEWSROOM_SEED_IMPORT_AT_START false: a Job migrates, docs/operations.md). BENCH_STARTUP_AS_POD=false
# counts starts that migrate and import at start, as dev and a plain `java -jar` do.
#
# Environment: BENCH_PGHOST (127.0.0.1), BENCH_PGPORT (5432), BENCH_PGUSER (postgres),
# BENCH_STARTUP_DATABASE (newsroom_startup; created when missing, kept), BENCH_STARTUP_PORT
# (18095), BENCH_STARTUP_MANAGEMENT_PORT (18096), BENCH_STARTUP_CPUS (CPU list for taskset,
# e.g. 0-1: the cores a pod gets; default all).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

runs=5; build=true
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    *) break ;;
  esac
done
jvm_options=("$@")

pghost=${BENCH_PGHOST:-127.0.0.1}; pgport=${BENCH_PGPORT:-5432}; pguser=${BENCH_PGUSER:-postgres}
database=${BENCH_STARTUP_DATABASE:-newsroom_startup}
port=${BENCH_STARTUP_PORT:-18095}; management_port=${BENCH_STARTUP_MANAGEMENT_PORT:-18096}
logs="$root/bench/results/logs"; mkdir -p "$logs"
query='{"query":"query FrontPage { articles(first: 20, orderBy: {field: FIRST_PUBLISHED_AT, direction: DESC}) { nodes { id slug statements(first: 20) { nodes { id text speaker { id latinName country { code } } } } } } }"}'

$build && ./mvnw -B -q package -DskipTests
psql "postgres://${pguser}@${pghost}:${pgport}/postgres" -X -A -t \
  -c "select 1 from pg_database where datname = '${database}'" | grep -q 1 \
  || psql "postgres://${pguser}@${pghost}:${pgport}/postgres" -X -q -c "create database ${database}"

pid=""
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi; }
trap stop EXIT

# One start: sets answer_s (seconds to the first answer), cpu_s (CPU seconds the JVM used until
# then: less sensitive than wall time to other work on the machine) and started_s (Quarkus'
# "started in").
start_once() {
  local log=$1 setup=$2; shift 2
  local pin=()
  [ -n "${BENCH_STARTUP_CPUS:-}" ] && pin=(taskset -c "$BENCH_STARTUP_CPUS")
  local t0 t1
  t0=$(date +%s%N)
  (cd target/quarkus-app && QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://${pghost}:${pgport}/${database}" \
     QUARKUS_DATASOURCE_USERNAME="$pguser" QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT="$management_port" \
     QUARKUS_LOG_CONSOLE_JSON_ENABLED=false QUARKUS_SHUTDOWN_DELAY_ENABLED=false \
     QUARKUS_FLYWAY_MIGRATE_AT_START="$setup" NEWSROOM_SEED_IMPORT_AT_START="$setup" \
     exec "${pin[@]}" java "$@" -jar quarkus-run.jar) > "$log" 2>&1 &
  pid=$!
  while :; do
    if curl -s -m 5 -H 'Content-Type: application/json' -d "$query" "http://127.0.0.1:${port}/graphql" 2>/dev/null \
         | grep -q '"data":{"articles"'; then
      t1=$(date +%s%N)
      cpu_ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
      break
    fi
    kill -0 "$pid" 2>/dev/null || { tail -20 "$log" >&2; echo "the service stopped while starting" >&2; exit 1; }
    [ $(( $(date +%s%N) - t0 )) -lt 300000000000 ] || { echo "no answer within 300 s" >&2; exit 1; }
    sleep 0.02
  done
  stop
  started_s=$(grep -o 'started in [0-9.]*s' "$log" | head -1 | grep -o '[0-9.]*' || echo '?')
  answer_s=$(echo "($t1 - $t0) / 1000000000" | bc -l | xargs printf '%.2f')
  cpu_s=$(echo "$cpu_ticks / $(getconf CLK_TCK)" | bc -l | xargs printf '%.2f')
}

echo "JVM options: ${jvm_options[*]:-(none)}; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
start_once "$logs/startup-migrate.log" true "${jvm_options[@]}"   # migrations, not counted
counted_setup=true
[ "${BENCH_STARTUP_AS_POD:-true}" = true ] && counted_setup=false
times=(); cpus=()
for i in $(seq 1 "$runs"); do
  start_once "$logs/startup-$i.log" "$counted_setup" "${jvm_options[@]}"
  echo "run $i: first answer after ${answer_s} s, ${cpu_s} s of CPU (Quarkus: started in ${started_s} s)"
  times+=("$answer_s"); cpus+=("$cpu_s")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
echo "median of ${runs}: $(median "${times[@]}") s to the first answer, $(median "${cpus[@]}") s of CPU; load average $(cut -d' ' -f1-3 /proc/loadavg)"
