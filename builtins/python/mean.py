def mean(values):
    _nonempty("values", values)
    acc = 0
    for i, e in enumerate(values):
        if not _is_number(e):
            raise _arg_error(_item("values", i), "a number", e)
        acc = _add("mean", acc, e)
    return _div("mean", acc, _b.len(values))
