"""Unpickle a graph pickle written by flowspec's lowering as a scheduler
does, then pickle the function of its first task as the scheduler does for
a worker (distributed.protocol.pickle.dumps), and unpickle that twice in a
fresh interpreter, as a worker that has never seen the loader would. Prints
JSON: whether plain pickle managed (no cloudpickle copy by value), the size,
and what the fresh interpreter found.

usage: python check_loader.py GRAPH.pickle
"""
import json
import pickle
import subprocess
import sys

from dask.utils import ensure_dict
from distributed.protocol.pickle import dumps

FRESH = """
import pickle, sys
b = sys.stdin.buffer.read()
before = [m for m in sys.modules if m.startswith("flowspec_loader_")]
first, second = pickle.loads(b), pickle.loads(b)
src = "def double(x):\\n    return 2 * x\\n"
print(repr(first), before, first is second, first(src, "double", 21))
"""


def main():
    with open(sys.argv[1], "rb") as f:
        obj = pickle.load(f)
    hlg = obj.operand("dsk") if hasattr(obj, "__dask_graph__") else obj.data
    dsk = ensure_dict(hlg)
    task = next(v for k, v in dsk.items() if not str(k).startswith("flowspec-src"))
    fn = task[0] if isinstance(task, tuple) else task.func
    plain = True
    try:
        pickle.dumps(fn, protocol=5)
    except Exception:
        plain = False
    b = dumps(fn)
    fresh = subprocess.run([sys.executable, "-c", FRESH], input=b, capture_output=True, check=True)
    json.dump({"plain": plain, "bytes": len(b), "fresh": fresh.stdout.decode().strip()}, sys.stdout)


main()
