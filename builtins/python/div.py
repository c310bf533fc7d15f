def div(x, y):
    _number("x", x)
    _number("y", y)
    return _div("div", x, y)
