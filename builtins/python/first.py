def first(values):
    _nonempty("values", values)
    return values[0]
