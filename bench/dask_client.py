"""Times the Python distributed client running the seed graph (seedgraph.py)
on a Dask cluster, and prints one JSON line. The idiomatic cheapest form for a
ready-made graph is Client.get on the dict of tuples, which sends it in one
update-graph. Per repeat it records:

  submit:  Client.get(..., sync=False) returning futures: converting and
           pickling the graph and handing it to the comm (client-side cost);
  seconds: end to end, from before the submit until the result is back.

With a fourth argument "all" the client asks for every key's result rather
than only the total, as flowspec does to report each task's state: the
scheduler then tells the client about every key and keeps every result.
Only the total is gathered either way.

    python bench/dask_client.py ADDRESS N [REPEATS] [all]
"""
import json
import sys
import time

from distributed import Client

from seedgraph import expected, seed_graph


def main():
    address, n = sys.argv[1], int(sys.argv[2])
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    every = len(sys.argv) > 4 and sys.argv[4] == "all"
    dsk, out = seed_graph(n)
    keys = list(dsk) if every else out
    submit, seconds = [], []
    with Client(address, set_as_default=False) as client:
        for _ in range(repeats):
            start = time.perf_counter()
            fut = client.get(dsk, keys, sync=False)
            submit.append(time.perf_counter() - start)
            # With "all", the total is the last key; only it is gathered.
            got = fut[-1].result() if every else fut.result()
            seconds.append(time.perf_counter() - start)
            del fut
            if got != expected(n):
                sys.exit(f"client.get returned {got}, want {expected(n)}")
            # Let the scheduler forget the previous run before the next.
            while client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)):
                time.sleep(0.05)
    print(json.dumps({"tasks": len(dsk), "seconds": seconds, "submit": submit}))


if __name__ == "__main__":
    main()
