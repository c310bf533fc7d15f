def sort(values, reverse=False):
    _list("values", values)
    _bool("reverse", reverse)
    _order_kinds("values", values)
    for i, e in enumerate(values):
        if type(e) is float and e != e:
            raise ValueError("%s is nan, which cannot be sorted" % _item("values", i))
    return _b.sorted(values, reverse=reverse)
