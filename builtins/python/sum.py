def sum(values):
    _list("values", values)
    acc = 0
    for i, e in enumerate(values):
        if not _is_number(e):
            raise _arg_error(_item("values", i), "a number", e)
        acc = _add("sum", acc, e)
    return acc
