def zip(lists):
    _list("lists", lists)
    for i, l in enumerate(lists):
        _list(_item("lists", i), l)
        if _b.len(l) != _b.len(lists[0]):
            raise ValueError("%s has %d elements but %s has %d; zip needs lists of equal length" % (
                _item("lists", i), _b.len(l), _item("lists", 0), _b.len(lists[0])))
    if not lists:
        return []
    return [_b.list(row) for row in _b.zip(*lists)]
