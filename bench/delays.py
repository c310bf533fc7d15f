"""Reads the delays of the seed flow with random delays as flowspec compiled
them (`flowspec compile --format json --tasks --seed S`), so that Prefect runs
exactly the sleeps flowspec runs, and computes the critical-path limit.
"""
import json


def load(path):
    """load returns {"inc": [...], "dec": [...], "add": [...]}: each mapped
    task's delay per element, from a compile --tasks JSON file."""
    with open(path) as f:
        graph = json.load(f)
    delays = {"inc": {}, "dec": {}, "add": {}}
    for node in graph["nodes"]:
        name, _, rest = node["key"].partition("[")
        if name in delays:
            delays[name][int(rest.rstrip("]"))] = float(node["args"][-1])
    return {k: [v[i] for i in range(len(v))] for k, v in delays.items()}


def limit(d, threads):
    """limit is the least wall time any executor with `threads` worker threads
    can take: the larger of the total sleep spread over the threads and the
    longest chain (max(inc[i], dec[i]) + add[i])."""
    total = sum(sum(v) for v in d.values())
    chain = max(max(a, b) + c for a, b, c in zip(d["inc"], d["dec"], d["add"]))
    return max(total / threads, chain), total
