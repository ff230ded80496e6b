#!/usr/bin/env bash
# Breaking changes of the committed GraphQL schema (../schema.graphql, the client contract)
# against its previous version, with graphql-inspector.
#
#   SCHEMA_BASE   the commit to compare with (default HEAD~1: on a merge commit, the first parent,
#                 i.e. the main line before the merge). E.g. SCHEMA_BASE=main for a whole branch.
#
# A breaking change fails unless a commit message in SCHEMA_BASE..HEAD has a line
#   Breaking-Schema: <why it is deliberate and what clients must do>
# Non-breaking (dangerous or safe) changes are reported and pass.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo_root=$(git rev-parse --show-toplevel 2>/dev/null) || { echo "schema-check: not a git checkout, skipped"; exit 0; }
base=${SCHEMA_BASE:-HEAD~1}
current="${repo_root}/schema.graphql"

if ! git rev-parse -q --verify "${base}^{commit}" >/dev/null; then
  echo "schema-check: no commit ${base} (first commit or shallow clone): nothing to compare with"
  exit 0
fi
if ! git cat-file -e "${base}:schema.graphql" 2>/dev/null; then
  echo "schema-check: ${base} has no schema.graphql yet: nothing to compare with"
  exit 0
fi

previous=$(mktemp --suffix=.graphql)
trap 'rm -f "${previous}"' EXIT
git show "${base}:schema.graphql" > "${previous}"

# An unreadable schema is an error of its own, never excused as a deliberate breaking change.
if ! node -e 'const fs = require("fs"); const { buildSchema } = require("graphql");
  for (const file of process.argv.slice(1)) buildSchema(fs.readFileSync(file, "utf8"));' "${previous}" "${current}"; then
  echo "schema-check: FAILED: schema.graphql is not a valid GraphQL schema"
  exit 1
fi

echo "schema-check: schema.graphql at $(git rev-parse --short "${base}") -> working tree"
if npx --no-install graphql-inspector diff "${previous}" "${current}"; then
  exit 0
fi
if git log --format=%B "${base}..HEAD" | grep -qE '^Breaking-Schema: *[^ ]'; then
  echo "schema-check: breaking changes marked deliberate by a 'Breaking-Schema:' line in ${base}..HEAD:"
  git log --format=%B "${base}..HEAD" | grep -E '^Breaking-Schema:' | sed 's/^/  /'
  exit 0
fi
echo "schema-check: FAILED: breaking schema changes. If they are deliberate, say so in the commit"
echo "  message with a line 'Breaking-Schema: <reason and what clients must do>'."
exit 1
