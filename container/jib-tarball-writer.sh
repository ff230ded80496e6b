#!/bin/sh
# Stands in for the `docker` command that Jib calls when it builds to a local image
# (quarkus.jib.docker-executable-name): instead of loading the image into a daemon, it writes
# the image tarball Jib streams to `load` to $NEWSROOM_IMAGE_TAR. container/check-image.sh
# then loads that file into podman.
set -eu
case "${1:-}" in
  info)
    # Jib asks for the daemon's platform to pick the matching image.
    echo '{"OSType":"linux","Architecture":"x86_64"}'
    ;;
  load)
    : "${NEWSROOM_IMAGE_TAR:?set NEWSROOM_IMAGE_TAR to the tarball to write}"
    cat > "$NEWSROOM_IMAGE_TAR.part"
    mv "$NEWSROOM_IMAGE_TAR.part" "$NEWSROOM_IMAGE_TAR"
    echo "Wrote image tarball $NEWSROOM_IMAGE_TAR"
    ;;
  *)
    echo "jib-tarball-writer: unsupported docker command: $*" >&2
    exit 1
    ;;
esac
