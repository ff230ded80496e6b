#!/usr/bin/env bash
# The judged search test set (issue 21): runs SearchRelevanceTest (embedded PostgreSQL, the
# generated corpus of JudgedCorpus with its planted targets, queries through the GraphQL API) and
# copies its report, recall@10 and nDCG@10 per query and on average, to
# bench/results/search-judged.md, with the commit and whether the test passed.
#
#   bash bench/search/judged.sh
#
# How to read it: docs/performance-search.md.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

rm -f target/search-judged.md
./mvnw -B -q test -Dtest=SearchRelevanceTest -Dsurefire.failIfNoSpecifiedTests=false > target/search-judged-test.log 2>&1
status=$?
if [ ! -f target/search-judged.md ]; then
  tail -50 target/search-judged-test.log
  echo "SearchRelevanceTest wrote no report (exit ${status}); log: target/search-judged-test.log" >&2
  exit 1
fi
if [ "${status}" -eq 0 ]; then
  verdict="SearchRelevanceTest passed: every all-words match in the top 10, nDCG@10 above its floors."
else
  verdict="**SearchRelevanceTest FAILED** on this commit (exit ${status}); the failing assertions:"
fi
{
  echo "# Judged search test set: recall@10 and nDCG@10"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git describe --always --dirty 2>/dev/null || echo unknown); written by bench/search/judged.sh."
  echo "Corpus, judgements and metrics: [docs/performance-search.md](../../docs/performance-search.md#judged-test-set)."
  echo
  echo "${verdict}"
  if [ "${status}" -ne 0 ]; then
    echo
    echo '```'
    grep -m1 -o 'expected: <\[\]> but was: <.*' target/search-judged-test.log | cut -c1-2000
    echo '```'
  fi
  echo
  cat target/search-judged.md
} > bench/results/search-judged.md
echo "== Written to bench/results/search-judged.md (test exit ${status})"
exit "${status}"
