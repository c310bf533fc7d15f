def max(values):
    _nonempty("values", values)
    _order_kinds("values", values)
    _nan_free("values", values, "compared")
    best = values[0]
    for e in values[1:]:
        if best < e:
            best = e
    return best
