"""Estimates the bytes per task the Python distributed client sends for the
seed graph: the size of the dict of tuples pickled (functions by reference, as
distributed pickles importable functions). The real update-graph message adds
a small header and wraps the dict in an expression, so this is a lower bound.

    python bench/pickle_size.py N
"""
import json
import pickle
import sys

from seedgraph import seed_graph


def main():
    dsk, _ = seed_graph(int(sys.argv[1]))
    size = len(pickle.dumps(dsk, protocol=5))
    print(json.dumps({"tasks": len(dsk), "bytes": size, "bytes_per_task": size / len(dsk)}))


if __name__ == "__main__":
    main()
