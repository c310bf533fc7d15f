"""The tutorial's tasks as plain Python: flowspec calls them by name
(op: py:tasks.inc) and maps them over lists like its built-in operators."""
import random
import time


def inc(x):
    """Return x + 1, after a short random pause (a stand-in for real work)."""
    time.sleep(random.random() / 10)
    return x + 1


def dec(x):
    """Return x - 1, after a short random pause."""
    time.sleep(random.random() / 10)
    return x - 1


def add(x, y):
    """Return x + y."""
    return x + y
