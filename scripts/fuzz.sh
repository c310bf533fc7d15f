#!/usr/bin/env bash
# Runs every fuzz target of the module for FUZZTIME each (default 60s; go test
# -fuzz takes one target per run), then keeps what the fuzzer found: the new
# corpus entries Go wrote to its cache are copied into the package's
# testdata/fuzz/<Target>/ (Go's own layout, read as seeds by every plain
# `go test`), so the corpus grows from one run to the next. A crasher is
# written there by go test itself and makes the script exit 1 after all
# targets have run.
set -uo pipefail
fuzztime=${FUZZTIME:-60s}
cache="$(go env GOCACHE)/fuzz"
status=0
targets=$(grep -rHoE --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*' . | sed -E 's|^\./||; s|/[^/]*_test\.go:func | |' | sort)
if [ -z "$targets" ]; then
	echo "fuzz: no fuzz targets found" >&2
	exit 1
fi
while read -r dir name; do
	pkg=$(go list "./$dir") || { status=1; continue; }
	echo "fuzz: $pkg $name for $fuzztime"
	if ! go test -run='^$' -fuzz="^${name}\$" -fuzztime="$fuzztime" "./$dir"; then
		echo "fuzz: $name failed; the crasher is in $dir/testdata/fuzz/$name (rerun it with go test ./$dir -run $name)" >&2
		status=1
	fi
	found="$cache/$pkg/$name"
	if [ -d "$found" ]; then
		mkdir -p "$dir/testdata/fuzz/$name"
		before=$(ls "$dir/testdata/fuzz/$name" | wc -l)
		cp -n "$found"/* "$dir/testdata/fuzz/$name"/ 2>/dev/null || true
		after=$(ls "$dir/testdata/fuzz/$name" | wc -l)
		echo "fuzz: $name: $((after - before)) new corpus entries kept in $dir/testdata/fuzz/$name"
	fi
done <<< "$targets"
exit "$status"
