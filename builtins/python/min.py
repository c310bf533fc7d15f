def min(values):
    _nonempty("values", values)
    _order_kinds("values", values)
    best = values[0]
    for e in values[1:]:
        if e < best:
            best = e
    return best
