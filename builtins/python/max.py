def max(values):
    _nonempty("values", values)
    _order_kinds("values", values)
    best = values[0]
    for e in values[1:]:
        if best < e:
            best = e
    return best
