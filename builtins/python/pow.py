def pow(x, y):
    _number("x", x)
    _number("y", y)
    return _pow("pow", x, y)
