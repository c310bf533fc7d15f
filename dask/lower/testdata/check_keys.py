"""Unpickle a graph pickle written by flowspec's lowering and compute each
requested key on its own with dask's synchronous scheduler, reporting per key
its value's type and repr, or the exception it raised ("Class: message").

usage: python check_keys.py GRAPH.pickle KEYS.json
"""
import builtins
import json
import pickle
import sys

from dask.local import get_sync
from dask.optimization import cull
from dask.utils import ensure_dict


def main():
    with open(sys.argv[1], "rb") as f:
        obj = pickle.load(f)
    with open(sys.argv[2]) as f:
        want = [tuple(k) if isinstance(k, list) else k for k in json.load(f)]
    dsk = obj.__dask_graph__() if hasattr(obj, "__dask_graph__") else ensure_dict(obj.data)
    # A reduction tree's finish fetches batches from the workers (fold.py);
    # here there are none, so it computes them from the graph instead.
    builtins.flowspec_gather = lambda keys: [get_sync(cull(dsk, [k])[0], k) for k in keys]
    out = []
    for key in want:
        try:
            v = get_sync(cull(dsk, [key])[0], key)
            out.append(f"{type(v).__name__} {v!r}")
        except Exception as e:
            out.append(f"{type(e).__name__}: {e}")
    json.dump(out, sys.stdout)


main()
