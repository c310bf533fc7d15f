def _unique_key(i, v):
    t = _tname(v)
    if t in ("null", "bool", "int", "string"):
        return (t, v)
    if t == "float":
        if v == v and not _math.isinf(v) and v == _math.trunc(v) and -(2.0 ** 63) <= v < 2.0 ** 63:
            return ("int", int(v))
        return ("float", v)
    raise _arg_error(_item("values", i), "a number, string, bool or null", v)


def unique(values):
    _list("values", values)
    seen = set()
    out = []
    for i, e in enumerate(values):
        k = _unique_key(i, e)
        if e != e:  # every NaN is kept, as on the Go side
            out.append(e)
            continue
        if k in seen:
            continue
        seen.add(k)
        out.append(e)
    return out
