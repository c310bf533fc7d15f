def add(x, y, delay=0.0):
    _number("x", x)
    _number("y", y)
    _pause(delay)
    return _add("add", x, y)
