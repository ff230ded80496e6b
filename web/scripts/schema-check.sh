#!/usr/bin/env bash
# Breaking changes of the committed GraphQL schemas against their previous versions, with
# graphql-inspector: ../schema.graphql (the client contract) and ../schema.federation.graphql (the
# subgraph SDL a federation gateway composes, docs/federation.md; there an entity key removed is
# breaking too).
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

if ! git rev-parse -q --verify "${base}^{commit}" >/dev/null; then
  echo "schema-check: no commit ${base} (first commit or shallow clone): nothing to compare with"
  exit 0
fi

previous=$(mktemp --suffix=.graphql)
trap 'rm -f "${previous}"' EXIT

# check NAME: 0 when NAME has no breaking change since ${base}, 1 when it has, 2 when it is unreadable.
check() {
  local name=$1
  local current="${repo_root}/${name}"
  if ! git cat-file -e "${base}:${name}" 2>/dev/null; then
    echo "schema-check: ${base} has no ${name} yet: nothing to compare with"
    return 0
  fi
  git show "${base}:${name}" > "${previous}"

  # An unreadable schema is an error of its own, never excused as a deliberate breaking change.
  if ! node -e 'const fs = require("fs"); const { buildSchema } = require("graphql");
    for (const file of process.argv.slice(1)) buildSchema(fs.readFileSync(file, "utf8"));' "${previous}" "${current}"; then
    echo "schema-check: FAILED: ${name} is not a valid GraphQL schema"
    return 2
  fi

  echo "schema-check: ${name} at $(git rev-parse --short "${base}") -> working tree"
  local breaking=0
  npx --no-install graphql-inspector diff "${previous}" "${current}" || breaking=1
  # Entities (type T @key(fields: "...")): a gateway's references stop resolving when a key goes.
  if ! node -e 'const fs = require("fs");
    const keys = (file) => new Set([...fs.readFileSync(file, "utf8").matchAll(/^type (\w+)[^{]*?@key\(fields *: *"([^"]*)"/gm)]
      .map((m) => `${m[1]} @key(fields: "${m[2]}")`));
    const now = keys(process.argv[2]);
    const gone = [...keys(process.argv[1])].filter((key) => !now.has(key));
    gone.forEach((key) => console.log(`[log] ✖  Entity key removed: ${key}`));
    process.exit(gone.length ? 1 : 0);' "${previous}" "${current}"; then
    breaking=1
  fi
  return ${breaking}
}

result=0
for name in schema.graphql schema.federation.graphql; do
  check "${name}"
  case $? in
    0) ;;
    1) result=1 ;;
    *) exit 1 ;;
  esac
done
(( result == 0 )) && exit 0

if git log --format=%B "${base}..HEAD" | grep -qE '^Breaking-Schema: *[^ ]'; then
  echo "schema-check: breaking changes marked deliberate by a 'Breaking-Schema:' line in ${base}..HEAD:"
  git log --format=%B "${base}..HEAD" | grep -E '^Breaking-Schema:' | sed 's/^/  /'
  exit 0
fi
echo "schema-check: FAILED: breaking schema changes. If they are deliberate, say so in the commit"
echo "  message with a line 'Breaking-Schema: <reason and what clients must do>'."
exit 1
