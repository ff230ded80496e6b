#!/usr/bin/env bash
# A/B of one setting of our service on the benchmark corpus (bench/run.sh loads it): starts the
# packaged service with the given JVM options, warms it up, measures one operation with wrk, and
# prints req/s, p99 and the service's CPU milliseconds per request. Run it alternately for the
# settings compared; the machine is shared, so compare runs made minutes apart, not days.
#
#   bench/ab.sh LABEL OPERATION CONNECTIONS SECONDS WARMUP_SECONDS [JVM options...]
#   bench/ab.sh base FrontPage 8 15 25
#   bench/ab.sh blocking FrontPage 8 15 25 -Dquarkus.smallrye-graphql.nonblocking.enabled=false
#
# Environment: BENCH_PGHOST (127.0.0.1), BENCH_PGPORT (5432), BENCH_PGUSER (postgres),
# BENCH_DATABASE (newsroom_bench), BENCH_POOL_SIZE (32), BENCH_OURS_PORT (18085),
# BENCH_OURS_MANAGEMENT_PORT (18087, health).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
label=$1; operation=$2; connections=$3; seconds=$4; warmup=$5; shift 5
port=${BENCH_OURS_PORT:-18085}
management_port=${BENCH_OURS_MANAGEMENT_PORT:-18087}
jdbc_url="jdbc:postgresql://${BENCH_PGHOST:-127.0.0.1}:${BENCH_PGPORT:-5432}/${BENCH_DATABASE:-newsroom_bench}"
mkdir -p bench/results/logs
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests

QUARKUS_DATASOURCE_JDBC_URL="$jdbc_url" QUARKUS_DATASOURCE_USERNAME="${BENCH_PGUSER:-postgres}" \
  QUARKUS_DATASOURCE_JDBC_MAX_SIZE="$(( ${BENCH_POOL_SIZE:-32} / 2 ))" NEWSROOM_COMPILED_READS_MAX_CONNECTIONS="$(( ${BENCH_POOL_SIZE:-32} - ${BENCH_POOL_SIZE:-32} / 2 ))" NEWSROOM_QUOTA_RATE_LIMIT_ANONYMOUS_ENABLED=false \
  java "$@" -Dquarkus.http.port="$port" -Dquarkus.management.port="$management_port" -jar target/quarkus-app/quarkus-run.jar > "bench/results/logs/ab-$label.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:${management_port}/q/health/ready" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { tail -5 "bench/results/logs/ab-$label.log" >&2; exit 1; }
  sleep 0.2
done

url="http://127.0.0.1:${port}/graphql"
# The operation's requests as bench/run.sh sends them (method, headers, variables from the samples
# that bench/run.sh --prepare-only writes).
eval "export $(python3 bench/bench.py requests "$operation" "$url" bench/results/samples)"
wrk -t2 -c"$connections" -d"${warmup}s" -s bench/wrk/graphql.lua "$url" > /dev/null
ticks_before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
result=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/wrk/graphql.lua "$url")
ticks_after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
requests=$(echo "$result" | awk '/requests in/ {print $1}')
ms_per_tick=$((1000 / $(getconf CLK_TCK)))
echo "$label $operation c=$connections req/s=$(echo "$result" | awk '/Requests\/sec/ {print $2}')" \
  "p99=$(echo "$result" | awk '$1 == "99%" {print $2}')" \
  "cpu_ms_per_request=$(echo "($ticks_after - $ticks_before) * $ms_per_tick / $requests" | bc -l | xargs printf '%.2f')" \
  "load=$(cut -d' ' -f1 /proc/loadavg)" "$(echo "$result" | grep BENCH_RESULT || true)"
