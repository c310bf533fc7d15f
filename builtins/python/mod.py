def mod(x, y):
    _number("x", x)
    _number("y", y)
    return _mod("mod", x, y)
