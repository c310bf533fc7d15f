"""Times dask.threaded.get over the seed graph (see seedgraph.py) and prints
one JSON line: {"tasks": ..., "seconds": [...]}, one figure per repeat. The
graph is built once, outside the timing; the scheduler is Dask's local
threaded one with as many threads as given (default: 2, the bench's cores).

    python bench/dask_threaded.py N [REPEATS] [THREADS]
"""
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import dask.threaded

from seedgraph import expected, seed_graph


def main():
    n = int(sys.argv[1])
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    dsk, out = seed_graph(n)
    pool = ThreadPoolExecutor(threads)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        got = dask.threaded.get(dsk, out, pool=pool)
        times.append(time.perf_counter() - start)
        if got != expected(n):
            sys.exit(f"dask.threaded.get returned {got}, want {expected(n)}")
    print(json.dumps({"tasks": len(dsk), "seconds": times}))


if __name__ == "__main__":
    main()
