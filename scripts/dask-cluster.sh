#!/usr/bin/env bash
# Starts or stops a local Dask cluster for trying flowspec by hand: a
# scheduler on tcp://127.0.0.1:8786 (dashboard/HTTP on 127.0.0.1:8787) and two
# one-thread workers from .venv/current, with work stealing off. Processes run
# in the background; pid files and logs live under .dask/.
#
#   scripts/dask-cluster.sh up      # start (or report the running cluster)
#   scripts/dask-cluster.sh down    # stop
#   scripts/dask-cluster.sh status  # say whether it runs
#
# Both up and down are idempotent. Environment: FLOWSPEC_VENVS (default
# <repo>/.venv), DASK_PORT (8786), DASK_DASHBOARD_PORT (8787), DASK_WORKERS (2).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${FLOWSPEC_VENVS:-$root/.venv}/current
state=$root/.dask
port=${DASK_PORT:-8786}
dash=${DASK_DASHBOARD_PORT:-8787}
nworkers=${DASK_WORKERS:-2}
address=tcp://127.0.0.1:$port

die() { echo "dask-cluster: $*" >&2; exit 1; }

# alive NAME: the process in .dask/NAME.pid is running.
alive() { [[ -f $state/$1.pid ]] && kill -0 "$(cat "$state/$1.pid")" 2>/dev/null; }

# spawn NAME ARGS...: start `dask ARGS` in its own session, logging to .dask/NAME.log.
spawn() {
  local name=$1; shift
  DASK_DISTRIBUTED__SCHEDULER__WORK_STEALING=False \
    setsid "$venv/bin/dask" "$@" >"$state/$name.log" 2>&1 </dev/null &
  echo $! >"$state/$name.pid"
}

# wait_log NAME PATTERN: wait up to 60s for PATTERN in NAME's log.
wait_log() {
  local name=$1 pattern=$2
  for _ in $(seq 600); do
    grep -q "$pattern" "$state/$name.log" 2>/dev/null && return 0
    alive "$name" || die "dask $name exited; see $state/$name.log:
$(tail -n 20 "$state/$name.log")"
    sleep 0.1
  done
  die "dask $name did not start within 60s; see $state/$name.log"
}

report() {
  echo "Dask scheduler: $address ($nworkers workers, work stealing off)"
  if "$venv/bin/python" -c 'import bokeh' 2>/dev/null; then
    echo "Dashboard:      http://127.0.0.1:$dash/status"
  else
    echo "Dashboard:      not available (pip install bokeh into $venv to get one)"
  fi
  echo "Try:            FLOWSPEC_DASK_ADDRESS=$address go run ./cmd/flowspec run examples/dask-example.yaml"
}

up() {
  [[ -x $venv/bin/dask ]] || die "no Dask venv at $venv: build it with scripts/venv.sh current (or make venv)"
  mkdir -p "$state"
  if alive scheduler; then
    report
    return
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is taken by another process; stop it or set DASK_PORT"
  fi
  down >/dev/null
  mkdir -p "$state"
  spawn scheduler scheduler --host 127.0.0.1 --port "$port" --dashboard-address "127.0.0.1:$dash"
  wait_log scheduler "Scheduler at:"
  for i in $(seq 0 $((nworkers - 1))); do
    spawn "worker-$i" worker "$address" --host 127.0.0.1 --nthreads 1 --no-nanny \
      --no-dashboard --name "w$i" --local-directory "$state/w$i"
  done
  for i in $(seq 0 $((nworkers - 1))); do
    wait_log "worker-$i" "Registered to:"
  done
  report
}

down() {
  local pids=() f
  for f in "$state"/*.pid; do
    [[ -f $f ]] || continue
    pids+=("$(cat "$f")")
  done
  for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done
  for _ in $(seq 50); do
    local left=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && left=1; done
    [[ $left == 0 ]] && break
    sleep 0.1
  done
  for p in "${pids[@]}"; do kill -KILL -- "-$p" 2>/dev/null || true; done
  rm -f "$state"/*.pid
  rm -rf "$state"/w[0-9]*
  echo "Dask cluster stopped"
}

status() {
  if alive scheduler; then report; else echo "no Dask cluster running (start one with make dask-up)"; exit 1; fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: scripts/dask-cluster.sh up|down|status" >&2; exit 2 ;;
esac
