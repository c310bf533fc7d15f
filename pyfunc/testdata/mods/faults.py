"""Functions that misbehave, for flowspec's tests."""
import os
import sys
import time


def inc(x):
    """Add one."""
    return x + 1


def add(x, y=10, *, scale=1):
    return (x + y) * scale


def pair(x):
    return (x, [x, None], {"k": 1.5})


def boom(x):
    return helper(x)


def helper(x):
    raise ValueError(f"bad value {x}")


def hang(x):
    time.sleep(3600)


def die(x):
    os._exit(3)


def noisy(x):
    print("hello from noisy")
    sys.stdout.write("more noise\n")
    return x * 2


class Point:
    def __init__(self, x):
        self.x = x


def make_point(x):
    return Point(x)


def point_x(p):
    return p.x


def pure_double(x):
    return 2 * x


pure_double.flowspec_pure = True
pure_double.flowspec_batchable = True
