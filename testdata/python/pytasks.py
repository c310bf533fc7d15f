"""Python functions the executor conformance tests call (see *.yaml here)."""


class Point:
    def __init__(self, x):
        self.x = x


def make_point(x):
    return Point(x)


def point_x(p):
    return p.x


def pair(x):
    return (x, [x * 1.5, None], {"name": str(x)})


def boom(x):
    if x == 2:
        return check(x)
    return x


def check(x):
    raise ValueError(f"bad value {x}")


def double(x):
    return 2 * x


double.flowspec_pure = True
double.flowspec_batchable = True


def numpy_values(n):
    """numpy scalars and a tuple: plain data once they cross (numpy needed)."""
    import numpy

    return {"i": numpy.int64(n), "f": numpy.float32(0.5), "t": (numpy.int32(1), "a")}


def fused_point(x):
    return Point(x)


def fused_x(p):
    return p.x


def fused_boom(x):
    if x == 2:
        return check(x)
    return x + 1


for _f in (fused_point, fused_x, fused_boom):
    _f.flowspec_pure = True
    _f.flowspec_batchable = True
