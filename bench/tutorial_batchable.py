"""tutorial.py's functions declared pure and batchable (README "Your own
code"), so flowspec runs many elements per task on Dask:
bench/tutorial-batchable.yaml maps them."""


def inc(x):
    return x + 1


def dec(x):
    return x - 1


def add(x, y):
    return x + y


for _fn in (inc, dec, add):
    _fn.flowspec_pure = True
    _fn.flowspec_batchable = True
