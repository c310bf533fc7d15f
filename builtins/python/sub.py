def sub(x, y):
    _number("x", x)
    _number("y", y)
    return _sub("sub", x, y)
