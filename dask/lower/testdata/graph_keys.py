"""Unpickle a graph pickle written by flowspec's lowering and print every
key of its graph as JSON (a tuple key as a list), sorted by its repr.

usage: python graph_keys.py GRAPH.pickle
"""
import json
import pickle
import sys

from dask.utils import ensure_dict


def main():
    with open(sys.argv[1], "rb") as f:
        obj = pickle.load(f)
    dsk = obj.__dask_graph__() if hasattr(obj, "__dask_graph__") else ensure_dict(obj.data)
    keys = sorted(dsk, key=repr)
    json.dump([list(k) if isinstance(k, tuple) else k for k in keys], sys.stdout)


main()
