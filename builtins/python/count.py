def count(values):
    _list("values", values)
    return _b.len(values)
