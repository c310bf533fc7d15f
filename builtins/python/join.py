def join(values, sep=""):
    _list("values", values)
    _str("sep", sep)
    return sep.join(_text(v) for v in values)
