def concat(lists):
    _list("lists", lists)
    for i, l in enumerate(lists):
        _list(_item("lists", i), l)
    out = []
    for l in lists:
        out.extend(l)
    return out
