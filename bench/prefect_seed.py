"""The seed flow with its random delays in Prefect 3, run by DaskTaskRunner
(prefect-dask) on an existing Dask cluster, with the very delays flowspec
compiled (see delays.py). Prefect runs in its ephemeral local mode (no
PREFECT_API_URL: a temporary server on loopback). Prints one JSON line with the
wall time of each flow call. The first call also starts Prefect's ephemeral
server, so a one-element flow runs once, untimed, before them.

    python bench/prefect_seed.py ADDRESS DELAYS.json [REPEATS]
"""
import json
import sys
import time

from prefect import flow, task
from prefect_dask import DaskTaskRunner

import delays


@task
def inc(x, delay):
    time.sleep(delay)
    return x + 1


@task
def dec(x, delay):
    time.sleep(delay)
    return x - 1


@task
def add(x, y, delay):
    time.sleep(delay)
    return x + y


@task
def total(values):
    return sum(values)


def make_flow(address):
    """make_flow returns the seed flow bound to the cluster at address."""

    @flow(task_runner=DaskTaskRunner(address=address), log_prints=False)
    def seed(d):
        n = len(d["inc"])
        incs = inc.map(range(n), d["inc"])
        decs = dec.map(range(n), d["dec"])
        adds = add.map(incs, decs, d["add"])
        return total.submit(adds).result()

    return seed


def main():
    address, path = sys.argv[1], sys.argv[2]
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    d = delays.load(path)
    n = len(d["inc"])
    seed = make_flow(address)
    seed({k: [0.0] for k in d})  # warm-up: starts the ephemeral server, untimed
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        got = seed(d)
        seconds.append(time.perf_counter() - start)
        if got != n * (n - 1):
            sys.exit(f"Prefect flow returned {got}, want {n * (n - 1)}")
    print(json.dumps({"tasks": 3 * n + 1, "seconds": seconds}))


if __name__ == "__main__":
    main()
