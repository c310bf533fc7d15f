_MAX_RANGE = 10000000


def _range_list(start, stop, step):
    if step == 0:
        raise ValueError("step must not be zero")
    r = _b.range(start, stop, step)
    if _b.len(r) > _MAX_RANGE:
        raise ValueError("range(%d, %d, %d) has %d elements, more than the limit of %d" % (
            start, stop, step, _b.len(r), _MAX_RANGE))
    return _b.list(r)


def range(stop, start=0, step=1):
    _int("stop", stop)
    _int("start", start)
    _int("step", step)
    return _range_list(start, stop, step)
