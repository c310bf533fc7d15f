"""Unpickle a graph pickle written by flowspec's lowering and describe it as
JSON: the wrapper types, the layers and their annotations, every key, and
the value of the requested keys computed with dask's synchronous scheduler.

usage: python check_pickle.py GRAPH.pickle KEYS.json
"""
import json
import pickle
import sys

from dask.local import get_sync
from dask.utils import ensure_dict, key_split


def jkey(k):
    return list(k) if isinstance(k, tuple) else k


def main():
    with open(sys.argv[1], "rb") as f:
        obj = pickle.load(f)
    with open(sys.argv[2]) as f:
        want = [tuple(k) if isinstance(k, list) else k for k in json.load(f)]
    out = {"type": f"{type(obj).__module__}.{type(obj).__qualname__}"}
    if hasattr(obj, "__dask_graph__"):
        hlg = obj.operand("dsk")
        dsk = obj.__dask_graph__()
        annotations = obj.__dask_annotations__()
    else:
        hlg = obj.data
        dsk = ensure_dict(hlg)
        annotations = {}
        for layer in hlg.layers.values():
            for name, value in (layer.annotations or {}).items():
                annotations.setdefault(name, {}).update({k: value for k in layer})
    out["graph"] = f"{type(hlg).__module__}.{type(hlg).__qualname__}"
    out["layers"] = {name: sorted(map(str, deps)) for name, deps in hlg.dependencies.items()}
    out["groups"] = sorted({key_split(k) for k in dsk})
    out["keys"] = sorted((jkey(k) for k in dsk), key=str)
    out["annotations"] = {
        name: {str(k): v for k, v in sorted(values.items(), key=lambda kv: str(kv[0]))}
        for name, values in annotations.items()
    }
    try:
        values = get_sync(dsk, want)
        out["values"] = [v for v in values]
    except Exception as e:
        out["error"] = f"{type(e).__name__}: {e}"
    json.dump(out, sys.stdout, sort_keys=True)


main()
