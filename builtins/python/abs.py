def abs(x):
    _number("x", x)
    if type(x) is float:
        return _math.fabs(x)
    if x < 0:
        return _neg("abs", x)
    return x
