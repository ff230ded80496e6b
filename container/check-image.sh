#!/usr/bin/env bash
# Builds the container image offline and checks it in podman, as CI does (run as root):
#   1. assembles a base image tarball from the local JDK (container/build-base-image.sh);
#   2. builds the service image on it with Jib and writes it as a tarball (no registry, no daemon);
#   3. loads the tarball into podman (runc, cgroupfs, storage under target/podman);
#   4. runs it with --network=host (never a bridge) against the PostgreSQL at 127.0.0.1:5432, in a
#      fresh database that is dropped afterwards, read-only root filesystem, all capabilities
#      dropped, a 512 MiB memory limit (as in k8s/base);
#   5. checks: image labels, user and port; readiness UP with the database; a GraphQL query on
#      the seed article; the process does not run as root; ulimits; the heap of the image's JVM
#      options (-Xmx128m); JSON logs; metrics per operation; SIGTERM turns readiness DOWN while requests are
#      still served, then the JVM exits cleanly.
# Idempotent: every run replaces the image and the container of the previous one.
#
# Environment: NEWSROOM_IMAGE_CHECK_PORT (18081), NEWSROOM_IMAGE_CHECK_MANAGEMENT_PORT (18091),
# PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), PGPASSWORD (optional).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD
started_at=$(date +%s)

port="${NEWSROOM_IMAGE_CHECK_PORT:-18081}"
# Health and metrics answer on the management interface only (quarkus.management.*).
management_port="${NEWSROOM_IMAGE_CHECK_MANAGEMENT_PORT:-18091}"
pg_host="${PGHOST:-127.0.0.1}"
pg_port="${PGPORT:-5432}"
pg_user="${PGUSER:-postgres}"
database="newsroom_image_check_$$"
container=newsroom-api-image-check
image=localhost/newsroom/newsroom-api:ci
state="$repo/target/podman"
base_tar="$repo/target/container/base-image.tar"
export NEWSROOM_IMAGE_TAR="$repo/target/container/newsroom-api-image.tar"
memory_limit_mib=512
seed_slug=microsoft-hackers-russia-china-iran-target-us-campaigns
base_url="http://127.0.0.1:${port}"
management_url="http://127.0.0.1:${management_port}"

step() { echo "== $*"; }
container_logs() {
  if podman container exists "$container" 2>/dev/null; then
    echo "---- last lines of the container log ----" >&2
    podman logs --tail 40 "$container" >&2 2>&1 || true
    echo "-----------------------------------------" >&2
  fi
}
fail() {
  echo "check-image: FAILED: $*" >&2
  container_logs
  exit 1
}

cleanup() {
  if command -v podman >/dev/null 2>&1 && [[ -n "${CONTAINERS_CONF:-}" ]]; then
    podman rm -f --ignore -t 0 "$container" >/dev/null 2>&1 || true
  fi
  if [[ "${database_created:-}" == yes ]]; then
    psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -qc "drop database if exists ${database} with (force)" \
      || echo "check-image: could not drop database ${database}" >&2
  fi
}
trap cleanup EXIT

# ---------------------------------------------------------------------------------------------
step "Tools: podman, runc, skopeo"
missing=()
for tool in podman runc skopeo; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if ((${#missing[@]})); then
  [[ $(id -u) -eq 0 ]] || fail "${missing[*]} missing and not running as root to install them (apt-get install podman runc skopeo)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends podman runc skopeo >/dev/null \
    || fail "apt-get could not install podman runc skopeo"
fi
command -v psql >/dev/null 2>&1 || fail "psql is missing (Debian package postgresql-client)"
command -v curl >/dev/null 2>&1 || fail "curl is missing"
pg_isready -q -h "$pg_host" -p "$pg_port" || fail "no PostgreSQL accepting connections at ${pg_host}:${pg_port}"

# podman reads these files instead of /etc/containers: runc, cgroupfs, explicit ulimits, and
# all of its state under target/ so that nothing outside the checkout changes.
mkdir -p "$state"/{storage,runroot,tmp,libpod}
# Explicit limits, capped at what this shell may grant (raising a hard limit needs privileges
# that a CI container may not have).
cap_limit() { local hard; hard=$(ulimit -H "$1"); [[ "$hard" == unlimited || "$hard" -ge "$2" ]] && echo "$2" || echo "$hard"; }
nofile_limit=$(cap_limit -n 65536)
nproc_limit=$(cap_limit -u 8192)
cat > "$state/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=${nofile_limit}:${nofile_limit}", "nproc=${nproc_limit}:${nproc_limit}"]
log_driver = "k8s-file"
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$state/events.log"
tmp_dir = "$state/libpod"
image_copy_tmp_dir = "$state/tmp"
CONF
cat > "$state/storage.conf" <<CONF
[storage]
driver = "${NEWSROOM_PODMAN_STORAGE_DRIVER:-overlay}"
graphroot = "$state/storage"
runroot = "$state/runroot"
CONF
# Nothing is ever pulled: no registries to search.
printf 'unqualified-search-registries = []\n' > "$state/registries.conf"
export CONTAINERS_CONF="$state/containers.conf"
export CONTAINERS_STORAGE_CONF="$state/storage.conf"
export CONTAINERS_REGISTRIES_CONF="$state/registries.conf"
podman info --format '{{.Host.OCIRuntime.Name}} {{.Host.CgroupManager}} {{.Store.GraphDriverName}}' >/dev/null \
  || fail "podman does not start with $state/containers.conf"

# ---------------------------------------------------------------------------------------------
step "Base image from the local JDK"
bash container/build-base-image.sh "$base_tar" || fail "container/build-base-image.sh failed"

step "Service image with Jib, written to $NEWSROOM_IMAGE_TAR"
build_started=$(date +%s)
rm -f "$NEWSROOM_IMAGE_TAR"
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
# Without any user:token@ part, which must never end up in an image label.
source_url=$(git config --get remote.origin.url 2>/dev/null | sed -E 's#^([a-z+]+://)[^@/]*@#\1#' || true)
source_url=${source_url:-unknown}
# AppCDS: no container can run the tar base image while building, so no archive in this image
# (docs/operations.md, "JVM options, memory and start-up").
./mvnw -B -q package -DskipTests \
  -Dquarkus.container-image.build=true \
  -Dquarkus.container-image.registry=localhost \
  -Dquarkus.container-image.tag=ci \
  -Dquarkus.jib.base-jvm-image="tar://$base_tar" \
  -Dquarkus.jib.docker-executable-name="$repo/container/jib-tarball-writer.sh" \
  -Dquarkus.package.jar.appcds.use-container=false \
  -Dnewsroom.image.revision="$revision" \
  -Dnewsroom.image.source="$source_url" \
  -Dnewsroom.image.created="$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  || fail "the Jib build failed (see the Maven output above)"
[[ -s "$NEWSROOM_IMAGE_TAR" ]] || fail "Jib wrote no image tarball to $NEWSROOM_IMAGE_TAR"
build_seconds=$(($(date +%s) - build_started))
skopeo inspect --format 'tarball: {{.Architecture}}/{{.Os}}, {{len .Layers}} layers' "docker-archive:$NEWSROOM_IMAGE_TAR" \
  || fail "skopeo cannot read $NEWSROOM_IMAGE_TAR"

step "Load into podman"
podman rm -f --ignore -t 0 "$container" >/dev/null
podman rmi -f --ignore "$image" >/dev/null 2>&1 || true
podman load -q -i "$NEWSROOM_IMAGE_TAR" || fail "podman load rejected $NEWSROOM_IMAGE_TAR"
podman image exists "$image" || fail "the tarball did not contain $image"

step "Image metadata"
inspect() { podman image inspect --format "$1" "$image"; }
for key in title description version revision source licenses created; do
  value=$(inspect "{{index .Labels \"org.opencontainers.image.$key\"}}")
  [[ -n "$value" && "$value" != "<no value>" ]] || fail "label org.opencontainers.image.$key is not set"
  echo "   org.opencontainers.image.$key=$value"
done
[[ $(inspect '{{index .Labels "org.opencontainers.image.revision"}}') == "$revision" ]] || fail "revision label is not $revision"
user=$(inspect '{{.Config.User}}')
[[ "$user" == 185 ]] || fail "image user is '$user', expected 185"
ports=$(inspect '{{range $p, $v := .Config.ExposedPorts}}{{$p}} {{end}}')
[[ " $ports " == *" 8080/tcp "* && " $ports " == *" 9000/tcp "* ]] || fail "image exposes '$ports', expected 8080/tcp and 9000/tcp"
size_bytes=$(inspect '{{.Size}}')
echo "   user $user, ports $ports, size $((size_bytes / 1024 / 1024)) MiB, entrypoint $(inspect '{{json .Config.Entrypoint}}')"

# ---------------------------------------------------------------------------------------------
step "Run against PostgreSQL at ${pg_host}:${pg_port}, database ${database}, port ${port}"
curl -s -o /dev/null "$base_url/" && fail "port ${port} is already in use"
curl -s -o /dev/null "$management_url/" && fail "port ${management_port} is already in use"
psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -qc "create database ${database}" \
  || fail "cannot create database ${database}"
database_created=yes
run_started=$(date +%s%N)
podman run -d --name "$container" --pull=never \
  --network=host \
  --read-only --tmpfs /tmp:rw,size=128m,mode=1777 \
  --cap-drop=ALL --security-opt=no-new-privileges \
  --memory="${memory_limit_mib}m" \
  -e QUARKUS_HTTP_PORT="$port" \
  -e QUARKUS_MANAGEMENT_PORT="$management_port" \
  -e QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://${pg_host}:${pg_port}/${database}" \
  -e QUARKUS_DATASOURCE_USERNAME="$pg_user" \
  -e QUARKUS_DATASOURCE_PASSWORD="${PGPASSWORD:-}" \
  -e NEWSROOM_EMBEDDED_POSTGRES_ENABLED=false \
  "$image" >/dev/null || fail "podman run failed"

ready=""
for _ in $(seq 1 360); do
  [[ $(podman inspect --format '{{.State.Running}}' "$container") == true ]] || fail "the container stopped while starting"
  if curl -fs -o /dev/null "$management_url/q/health/ready"; then ready=yes; break; fi
  sleep 0.5
done
[[ -n "$ready" ]] || fail "readiness not UP within 180 s"
ready_ms=$((($(date +%s%N) - run_started) / 1000000))

step "Checks"
health=$(curl -fsS "$management_url/q/health/ready") || fail "readiness request failed"
[[ "$health" == *'"status": "UP"'* && "$health" == *'Database connections health check'* ]] \
  || fail "readiness does not report UP with the database check: $health"
for probe in live started; do
  curl -fs -o /dev/null "$management_url/q/health/$probe" || fail "/q/health/$probe is not UP"
done
for path in /q/health/ready /q/metrics; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base_url$path" || true)
  [[ "$code" == 404 ]] || fail "the public port answers $path with HTTP $code, expected 404"
done
echo "   probes live, ready (with database), started: UP on the management port; not on the public port"

query='{"operationName":"CiImageCheck","query":"query CiImageCheck { article(slug: \"'"$seed_slug"'\") { language direction headline statements(first: 1) { totalCount } } country(code: \"IRN\") { urdu: name(lang: \"ur\") } }"}'
answer=$(curl -fsS -H 'Content-Type: application/json' -d "$query" "$base_url/graphql") || fail "GraphQL request failed"
[[ "$answer" == *'"language":"ur"'* && "$answer" == *'"direction":"RTL"'* ]] || fail "the seed article did not come back: $answer"
[[ "$answer" != *'"errors"'* ]] || fail "the GraphQL answer has errors: $answer"
[[ "$answer" == *'"urdu":"ایران"'* ]] || fail "country names in Urdu are missing (CLDR locale data not in the runtime?): $answer"
echo "   GraphQL: $answer"

pid=$(podman inspect --format '{{.State.Pid}}' "$container")
uids=$(awk '/^Uid:/ { print $2, $3, $4, $5 }' "/proc/$pid/status")
[[ -n "$uids" ]] || fail "cannot read the user of process $pid"
for uid in $uids; do [[ "$uid" != 0 ]] || fail "the service runs as root (Uid: $uids)"; done
[[ "$uids" == "185 185 185 185" ]] || fail "the service runs as uid $uids, expected 185"
nofile=$(awk '/^Max open files/ { print $4 }' "/proc/$pid/limits")
nproc=$(awk '/^Max processes/ { print $3 }' "/proc/$pid/limits")
[[ "$nofile" == "$nofile_limit" && "$nproc" == "$nproc_limit" ]] \
  || fail "ulimits are nofile=$nofile nproc=$nproc, expected $nofile_limit and $nproc_limit"
echo "   process $pid runs as uid 185; nofile $nofile, nproc $nproc"

metrics=$(curl -fsS "$management_url/q/metrics") || fail "/q/metrics failed"
grep -q '^graphql_operation_seconds_count{operation="CiImageCheck",outcome="success",type="query"}' <<<"$metrics" \
  || fail "no graphql_operation_seconds_count for the operation CiImageCheck in /q/metrics"
for name in http_server_requests_seconds_count jvm_memory_used_bytes agroal_active_count; do
  grep -q "^${name}{" <<<"$metrics" || fail "metric $name is missing from /q/metrics"
done
heap_max=$(awk '/^jvm_memory_max_bytes\{area="heap"/ { if ($NF > 0) sum += $NF } END { printf "%d", sum }' <<<"$metrics")
# -Xmx128m from the image's JVM options; the serial collector reports it less one survivor space.
((heap_max > 100 * 1024 * 1024 && heap_max <= 128 * 1024 * 1024)) \
  || fail "max heap $heap_max bytes is not the 128 MiB of the image's JVM options"
echo "   metrics: per operation, HTTP, JVM, pool; max heap $((heap_max / 1024 / 1024)) MiB of ${memory_limit_mib} MiB"

logs=$(podman logs "$container" 2>&1)
started_line=$(grep 'started in' <<<"$logs" | head -1)
[[ "$started_line" == '{"timestamp":'* ]] || fail "the log is not JSON: $started_line"
startup=$(sed -n 's/.*started in \([0-9.]*\)s.*/\1/p' <<<"$started_line")
echo "   JSON logs; Quarkus started in ${startup}s, ready ${ready_ms} ms after podman run"

step "Graceful shutdown on SIGTERM"
stop_started=$(date +%s%N)
podman kill --signal TERM "$container" >/dev/null
down=""
for _ in $(seq 1 30); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$management_url/q/health/ready" || true)
  if [[ "$code" == 503 ]]; then down=yes; break; fi
  sleep 0.1
done
[[ -n "$down" ]] || fail "readiness did not turn DOWN after SIGTERM"
served=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d "$query" "$base_url/graphql" || true)
[[ "$served" == 200 ]] || fail "requests were refused right after SIGTERM (HTTP $served) instead of during the shutdown delay"
exit_code=$(timeout 60 podman wait "$container") || fail "the container did not stop within 60 s of SIGTERM"
stop_ms=$((($(date +%s%N) - stop_started) / 1000000))
[[ "$exit_code" == 0 || "$exit_code" == 143 ]] || fail "the JVM exited with $exit_code after SIGTERM"
grep -q 'stopped in' <<<"$(podman logs "$container" 2>&1)" || fail "Quarkus did not log a clean stop"
echo "   readiness DOWN at once, requests still served, exit $exit_code after ${stop_ms} ms"

step "Image check passed in $(($(date +%s) - started_at)) s: image $image ($((size_bytes / 1024 / 1024)) MiB," \
  "built in ${build_seconds} s), started in ${startup}s, ready after ${ready_ms} ms"
