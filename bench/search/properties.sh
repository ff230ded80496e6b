#!/usr/bin/env bash
# Word order, repetition and no-loss properties of search (issue 21) on a running service and its
# database, e.g. the search benchmark's corpus kept by `KEEP_DATABASE=1 bash bench/search/run.sh`
# with the service started on it (anonymous rate limits off, as bench/search/run.sh starts it):
#
#   SERVICE_URL=http://127.0.0.1:18082 DATABASE=newsroom_bench_search bash bench/search/properties.sh
#
# Prints one line per check and "N passed, M failed"; exits 1 when a check fails. PGHOST/PGUSER
# (127.0.0.1/postgres), FREQUENT (the frequent words to mix in, Urdu ones of generate.sql by default) and MAX_PAGES (60 pages of 100
# per no-loss check) may be set. How to read it: docs/performance-search.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
: "${SERVICE_URL:?SERVICE_URL: the running service, e.g. http://127.0.0.1:18082}"
: "${DATABASE:?DATABASE: the database that service reads}"
export SERVICE_URL DATABASE
exec node bench/search/properties.js
