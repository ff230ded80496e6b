#!/usr/bin/env bash
# Offline checks of the Kubernetes manifests: renders k8s/base and every overlay with
# `kubectl kustomize`, validates them against the Kubernetes 1.32 and CloudNativePG
# schemas vendored in third_party/schemas, runs the cross-reference checks and makes sure every
# fixture in fixtures/broken is rejected. Ends with "N passed, N failed".
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

if ! command -v node >/dev/null 2>&1; then
  echo "node (20 or later) is required" >&2
  exit 2
fi
if ! command -v "${KUBECTL:-kubectl}" >/dev/null 2>&1; then
  echo "kubectl (1.32) is required for 'kubectl kustomize'" >&2
  exit 2
fi

# Install (again) when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi

exec node check.js "$@"
