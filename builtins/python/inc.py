def inc(x, delay=0.0):
    _number("x", x)
    _pause(delay)
    return _add("inc", x, 1)
