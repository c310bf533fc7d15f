def dec(x, delay=0.0):
    _number("x", x)
    _pause(delay)
    return _sub("dec", x, 1)
