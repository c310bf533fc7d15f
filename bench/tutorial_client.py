"""Times the Python distributed client running the tutorial as its users
write it: client.map of tutorial.inc and tutorial.dec over range(n),
client.map of add over both, then submit(sum) of those futures; one task
per element (3n+1). Prints one JSON line with the wall time of each repeat,
from the first map until the total is back (connection made beforehand).
The workers import tutorial.py by name (bench/ is on their PYTHONPATH).

    python bench/tutorial_client.py ADDRESS N [REPEATS]
"""
import json
import sys
import time

from distributed import Client

import tutorial


def run(client, n):
    """run maps the tutorial's functions over range(n) and returns the sum."""
    incs = client.map(tutorial.inc, range(n))
    decs = client.map(tutorial.dec, range(n))
    adds = client.map(tutorial.add, incs, decs)
    return client.submit(sum, adds).result()


def main():
    address, n = sys.argv[1], int(sys.argv[2])
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    seconds = []
    with Client(address, set_as_default=False) as client:
        for _ in range(repeats):
            start = time.perf_counter()
            got = run(client, n)
            seconds.append(time.perf_counter() - start)
            if got != n * (n - 1):
                sys.exit(f"the client's sum is {got}, want {n * (n - 1)}")
            # Let the scheduler forget this run's keys: client.map names
            # tasks by their arguments, so a repeat would find them done.
            while client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)):
                time.sleep(0.05)
    print(json.dumps({"tasks": 3 * n + 1, "seconds": seconds}))


if __name__ == "__main__":
    main()
