def last(values):
    _nonempty("values", values)
    return values[-1]
