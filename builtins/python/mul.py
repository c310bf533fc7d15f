def mul(x, y):
    _number("x", x)
    _number("y", y)
    return _mul("mul", x, y)
