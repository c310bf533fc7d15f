#!/usr/bin/env bash
# Runs go test with -v, keeps go test's own output, and closes with one
# "N passed, N failed, N skipped" line counted over every test and subtest, so
# the totals show in CI logs. Exits with go test's status.
set -uo pipefail
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# The Dask package starts real clusters on three distributed versions: about
# eight minutes on a quiet 2-core machine, past go test's default 10-minute
# limit per package when the machine is shared; a hung test still ends.
go test -count=1 -timeout 30m -v "$@" 2>&1 | tee "$log" | grep -vE '^(=== (RUN|PAUSE|CONT|NAME)|\s+--- PASS)'
rc=${PIPESTATUS[0]}
pass=$(grep -cE '^\s*--- PASS' "$log")
fail=$(grep -cE '^\s*--- FAIL' "$log")
skip=$(grep -cE '^\s*--- SKIP' "$log")
echo "go test: $pass passed, $fail failed, $skip skipped"
exit "$rc"
