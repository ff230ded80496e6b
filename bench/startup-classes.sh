#!/usr/bin/env bash
# Records the classes a pod loads from its start to its first answered front-page query and the
# probes, into src/main/resources/META-INF/newsroom/startup-classes.txt: the list that
# org.newsroom.startup.ArchivedClasses adds to the AppCDS archive at package time. Run it after a
# change that loads other classes at start (a new extension, a library upgrade), then package
# again. A stale list costs start-up time, never correctness (classes it misses are loaded from
# the jars as before, names it has that no longer exist are skipped).
#
#   bench/startup-classes.sh            (after ./mvnw package; database as bench/startup.sh)
#
# Environment: as bench/startup.sh (BENCH_PGHOST, BENCH_PGPORT, BENCH_PGUSER, BENCH_STARTUP_DATABASE,
# BENCH_STARTUP_PORT, BENCH_STARTUP_MANAGEMENT_PORT); the database must be migrated (run
# bench/startup.sh once).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
pghost=${BENCH_PGHOST:-127.0.0.1}; pgport=${BENCH_PGPORT:-5432}; pguser=${BENCH_PGUSER:-postgres}
database=${BENCH_STARTUP_DATABASE:-newsroom_startup}
port=${BENCH_STARTUP_PORT:-18095}; management_port=${BENCH_STARTUP_MANAGEMENT_PORT:-18096}
list="$root/src/main/resources/META-INF/newsroom/startup-classes.txt"
loaded=$(mktemp); trap 'rm -f "$loaded"' EXIT
query='{"query":"query FrontPage { articles(first: 20, orderBy: {field: FIRST_PUBLISHED_AT, direction: DESC}) { nodes { id slug headline language firstPublishedAt statements(first: 20) { nodes { id text kind speaker { id latinName country { code } } } } } } }"}'

(cd target/quarkus-app && QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://${pghost}:${pgport}/${database}" \
   QUARKUS_DATASOURCE_USERNAME="$pguser" QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT="$management_port" \
   QUARKUS_FLYWAY_MIGRATE_AT_START=false NEWSROOM_SEED_IMPORT_AT_START=false QUARKUS_SHUTDOWN_DELAY_ENABLED=false \
   exec java -Xshare:off "-Xlog:class+load:file=$loaded" -jar quarkus-run.jar) > /dev/null 2>&1 &
pid=$!
until curl -s -m 5 -H 'Content-Type: application/json' -d "$query" "http://127.0.0.1:${port}/graphql" | grep -q '"data":{"articles"'; do
  kill -0 "$pid" 2>/dev/null || { echo "the service stopped while starting" >&2; exit 1; }
  sleep 0.1
done
for probe in started live ready; do curl -s -o /dev/null "http://127.0.0.1:${management_port}/q/health/${probe}"; done
kill "$pid"; wait "$pid" 2>/dev/null || true
# Classes from jars and the JDK's modules only: not hidden classes, lambdas or generated proxies.
{
  echo "# Classes a pod loads from its start to its first answered query: recorded by bench/startup-classes.sh,"
  echo "# read by org.newsroom.startup.ArchivedClasses while the package build writes the AppCDS archive."
  grep -E ' source: (jrt:/|file:|shared objects file)' "$loaded" | awk '{print $2}' | grep -v -e / -e 'Lambda\$' | sort -u
} > "$list"
echo "$(grep -vc '^#' "$list") classes in $list"
