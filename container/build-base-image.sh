#!/usr/bin/env bash
# Assembles a minimal Java 17 base image from the local JDK, without pulling anything:
# a jlink runtime with the modules the service needs, the shared libraries that runtime links
# against (copied from this machine), and a non-root user `jboss` (uid/gid 185, the user of the
# default base image registry.access.redhat.com/ubi9/openjdk-17-runtime).
#
# Output: target/container/base-image.tar in `docker save` format, which Jib reads as a base
# image with quarkus.jib.base-jvm-image=tar://<absolute path>. The tarball is reproducible for
# a given JDK and system libraries, so Jib's layer cache stays valid between runs.
#
# Usage: container/build-base-image.sh [output.tar]      (JAVA_HOME picks the JDK)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

out="${1:-$PWD/target/container/base-image.tar}"
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
work="$PWD/target/container/base"
root="$work/rootfs"
epoch=0   # fixed timestamps: same inputs, same digest

fail() { echo "build-base-image: $*" >&2; exit 1; }

[[ -x "$java_home/bin/jlink" ]] || fail "no jlink in $java_home (set JAVA_HOME to a JDK 17)"
[[ -d "$java_home/jmods" ]] || fail "no $java_home/jmods: install the JDK's jmods (Debian: openjdk-17-jdk-headless)"
"$java_home/bin/java" -version 2>&1 | grep -q '"17\.' || fail "$java_home is not a JDK 17"
command -v ldd >/dev/null || fail "ldd is missing"

# What the service uses beyond java.base: JDBC and JTA, JNDI, JMX and JVM metrics, XML, the
# Unicode CLDR locale data (localised country names), TLS/DNS, and what Quarkus, Netty,
# Hibernate, Narayana and Jackson touch (jdk.unsupported, java.desktop for java.beans, java.rmi,
# java.instrument).
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.charsets,jdk.crypto.ec,jdk.localedata,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs

rm -rf "$work"
mkdir -p "$root" "$(dirname "$out")"

echo "== jlink runtime from $java_home"
"$java_home/bin/jlink" --module-path "$java_home/jmods" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$root/opt/java"

# The runtime's trust store is a symlink into /etc on Debian: store the real file.
if [[ ! -s "$root/opt/java/lib/security/cacerts" || -L "$root/opt/java/lib/security/cacerts" ]]; then
  rm -f "$root/opt/java/lib/security/cacerts"
  cp -L "$java_home/lib/security/cacerts" "$root/opt/java/lib/security/cacerts"
fi
# java.desktop is here for java.beans only: drop its graphics and sound natives (and with them
# the X11, font and image libraries they would pull in). A headless service never loads them.
for lib in awt awt_headless awt_xawt fontmanager javajpeg jawt jsound lcms mlib_image splashscreen; do
  rm -f "$root/opt/java/lib/lib$lib.so"
done
dangling=$(find "$root" -xtype l)
[[ -z "$dangling" ]] || fail "the runtime has links that point outside it: $dangling"

echo "== system libraries"
# Same merged-/usr layout as the build machine, so the paths ldd reports resolve unchanged.
for d in bin lib lib64 sbin; do
  if [[ -L "/$d" ]]; then
    mkdir -p "$root/$(readlink "/$d")"
    ln -s "$(readlink "/$d")" "$root/$d"
  fi
done

# Copies a file to the same path in the image, with every symlink on the way.
copy_path() {
  local path=$1 dir target
  dir=$(readlink -f "$(dirname "$path")")
  path="$dir/$(basename "$path")"
  [[ -e "$root$path" || -L "$root$path" ]] && return 0
  mkdir -p "$root$dir"
  if [[ -L "$path" ]]; then
    target=$(readlink "$path")
    ln -s "$target" "$root$path"
    [[ "$target" = /* ]] || target="$dir/$target"
    copy_path "$target"
  else
    cp -p "$path" "$root$path"
  fi
}

libs=$(find "$root/opt/java" -type f \( -name '*.so' -o -perm -u+x \) \
  | xargs -r ldd 2>/dev/null | awk '/=> \// { print $3 } /^\s*\/[^ ]+ \(/ { print $1 }' | sort -u)
[[ -n "$libs" ]] || fail "ldd found no libraries for the runtime"
for lib in $libs; do
  case "$lib" in "$root"/*) continue ;; esac
  copy_path "$lib"
done
# glibc loads these by name at run time (name service switch), ldd does not list them.
for extra in /lib/x86_64-linux-gnu/libnss_files.so.2 /lib/x86_64-linux-gnu/libnss_dns.so.2 /lib/x86_64-linux-gnu/libresolv.so.2; do
  [[ -e "$extra" ]] && copy_path "$extra"
done

echo "== users, directories"
mkdir -p "$root/etc" "$root/tmp" "$root/home/jboss" "$root/root"
chmod 1777 "$root/tmp"
chmod 0700 "$root/root"
cat > "$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
jboss:x:185:185:Newsroom API:/home/jboss:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
PASSWD
cat > "$root/etc/group" <<'GROUP'
root:x:0:
jboss:x:185:
nogroup:x:65534:
GROUP
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$root/etc/hosts"
java_version=$("$java_home/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ { print $2 }')

echo "== layer and image"
layer="$work/layer.tar"
tar_opts=(--sort=name --mtime="@$epoch" --numeric-owner --format=gnu)
tar -C "$root" "${tar_opts[@]}" --owner=0 --group=0 --exclude=./home/jboss -cf "$layer" .
tar -C "$root" "${tar_opts[@]}" --owner=185 --group=185 -rf "$layer" ./home/jboss
diff_id="sha256:$(sha256sum "$layer" | cut -d' ' -f1)"

mkdir -p "$work/image"
mv "$layer" "$work/image/layer.tar"
cat > "$work/image/config.json" <<JSON
{
  "architecture": "amd64",
  "os": "linux",
  "created": "1970-01-01T00:00:00Z",
  "config": {
    "User": "185",
    "Env": [
      "PATH=/opt/java/bin:/usr/bin:/bin",
      "JAVA_HOME=/opt/java",
      "LANG=C.UTF-8"
    ],
    "WorkingDir": "/home/jboss",
    "Labels": {
      "org.opencontainers.image.title": "newsroom-jre17-jlink",
      "org.opencontainers.image.description": "Java ${java_version} runtime (jlink) assembled by container/build-base-image.sh"
    }
  },
  "rootfs": { "type": "layers", "diff_ids": ["${diff_id}"] },
  "history": [ { "created": "1970-01-01T00:00:00Z", "created_by": "container/build-base-image.sh (jlink ${java_version})" } ]
}
JSON
cat > "$work/image/manifest.json" <<JSON
[ { "Config": "config.json", "RepoTags": ["localhost/newsroom/jre17-jlink:${java_version//+/_}"], "Layers": ["layer.tar"] } ]
JSON
tar -C "$work/image" "${tar_opts[@]}" --owner=0 --group=0 -cf "$out" manifest.json config.json layer.tar
rm -rf "$work/image"

echo "== base image: $out ($(du -h "$out" | cut -f1), Java ${java_version}, user 185)"
