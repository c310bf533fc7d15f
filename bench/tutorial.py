"""The tutorial's tasks without their sleeps, as the benchmarks run them:
bench/tutorial.yaml maps them with op: py:tutorial.inc, and the Python
client (tutorial_client.py) and Prefect 1 (prefect1_tutorial.py) call the
same functions. They are not marked, so flowspec treats them as opaque:
one task per element. tutorial_batchable.py is the same code, marked."""


def inc(x):
    return x + 1


def dec(x):
    return x - 1


def add(x, y):
    return x + y
