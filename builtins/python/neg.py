def neg(x):
    _number("x", x)
    return _neg("neg", x)
