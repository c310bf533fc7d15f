def sort(values, reverse=False):
    _list("values", values)
    _bool("reverse", reverse)
    _order_kinds("values", values)
    _nan_free("values", values, "sorted")
    return _b.sorted(values, reverse=reverse)
