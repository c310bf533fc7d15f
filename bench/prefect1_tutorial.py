"""The tutorial in Prefect 1.4 (the API the tutorial was written for): the
functions of tutorial.py as tasks, inc and dec mapped over range(n), add
mapped over both, summed, run by DaskExecutor on an existing Dask cluster.
Prefect 1 runs flows without a server (flow.run). Its workers unpickle
Prefect's own task runner, so the cluster runs from the prefect1 venv too.
Prints one JSON line with the wall time of each flow.run.

    python bench/prefect1_tutorial.py ADDRESS N [REPEATS]
"""
import json
import sys
import time

from prefect import Flow, task
from prefect.executors import DaskExecutor

import tutorial


def total(values):
    """total is sum as a Prefect 1 task (which cannot take the builtin:
    its parameter is positional-only)."""
    return sum(values)


def make_flow(n):
    """make_flow builds the tutorial's flow over range(n); returns it and
    its total task."""
    inc, dec, add = task(tutorial.inc), task(tutorial.dec), task(tutorial.add)
    with Flow("tutorial") as flow:
        xs = list(range(n))
        adds = add.map(inc.map(xs), dec.map(xs))
        out = task(total)(adds)
    return flow, out


def main():
    address, n = sys.argv[1], int(sys.argv[2])
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    flow, out = make_flow(n)
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        state = flow.run(executor=DaskExecutor(address=address))
        seconds.append(time.perf_counter() - start)
        got = state.result[out].result if state.is_successful() else state
        if got != n * (n - 1):
            sys.exit(f"the Prefect 1 flow returned {got}, want {n * (n - 1)}")
    print(json.dumps({"tasks": 3 * n + 1, "seconds": seconds}))


if __name__ == "__main__":
    main()
