#!/usr/bin/env bash
# Runs flowspec's benchmark suite in one go and prints the table of figures and
# ratios, also written to BENCHMARKS.md. Installs what it compares against (the
# bench venv: dask/distributed, Prefect 3, prefect-dask; the prefect1 venv:
# Prefect 1.4 with the same dask/distributed), builds bin/flowspec,
# starts its own local Dask cluster on free loopback ports and stops it at the
# end. The rows and what they measure are described in bench/bench.py.
#
#   scripts/bench.sh           # the full table (about 10 minutes on 2 cores)
#   scripts/bench.sh --smoke   # a tiny version of every row (under a minute);
#                              # exits non-zero if a row fails; BENCHMARKS.md untouched
#   scripts/bench.sh --long    # also the rows that take many minutes (Dask at
#                              # 10^5 elements: about 10 min per run per tool)
# Extra arguments go to bench/bench.py, e.g. --repeats 1.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export FLOWSPEC_VENVS=${FLOWSPEC_VENVS:-$root/.venv}

mode=()
out=(--out BENCHMARKS.md)
case "${1:-}" in
  --smoke) mode=(--smoke); out=(); shift ;;
  --long) mode=(--long); shift ;;
esac
case "${1:-}" in
  ""|--repeats) ;;
  *) echo "usage: scripts/bench.sh [--smoke|--long] [--repeats N]" >&2; exit 2 ;;
esac

# The compiler's and the in-process executor's own figures, per element
# (compile+optimize of the seed flow at 10^5 and 10^6, eager and lazy; the
# lazy in-process run at 10^6 and 10^7 with its peak live heap). Read the
# ratios (lazy against eager, 10^6 against 10^5), not absolute times.
gobench='BenchmarkCompileOptimizeSeed|BenchmarkRunSeed'
[ "${mode[*]}" = --smoke ] && gobench='BenchmarkCompileOptimizeSeed/n=100000/'
go test -run '^$' -bench "$gobench" -benchtime 1x -benchmem . | grep -E '^(Benchmark|ok|FAIL)'

scripts/venv.sh bench prefect1
go build -o bin/flowspec ./cmd/flowspec
# No Prefect server or profile from the environment: Prefect runs ephemerally.
unset PREFECT_API_URL PREFECT_PROFILE
exec "$FLOWSPEC_VENVS/bench/bin/python" bench/bench.py "${mode[@]}" "${out[@]}" "$@"
