"""The seed flow's graph as a plain Dask dict of tuples, for comparing flowspec
with Dask's own schedulers on the same work: inc and dec over range(n), add
pairwise, sum. 3n+1 tasks, the same shape `flowspec compile bench/seed.yaml`
builds. Keys are (name, i) tuples, the form Dask collections use.
"""


def inc(x):
    return x + 1


def dec(x):
    return x - 1


def add(x, y):
    return x + y


def total(values):
    return sum(values)


def seed_graph(n):
    """seed_graph returns (dsk, output_key) for n elements."""
    dsk = {}
    for i in range(n):
        dsk[("inc", i)] = (inc, i)
        dsk[("dec", i)] = (dec, i)
        dsk[("add", i)] = (add, ("inc", i), ("dec", i))
    dsk["total"] = (total, [("add", i) for i in range(n)])
    return dsk, "total"


def expected(n):
    """expected is the seed flow's result: sum of (i+1)+(i-1) over range(n)."""
    return n * (n - 1)
