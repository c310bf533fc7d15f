def _flatten_into(out, l):
    for e in l:
        if type(e) is list:
            _flatten_into(out, e)
        else:
            out.append(e)
    return out


def flatten(values):
    _list("values", values)
    return _flatten_into([], values)
