

# flowspec's reduction trees on Dask (see fold.go). This text follows the sum
# twin's source (the prelude's checks and messages), so it uses _b.<builtin>.
#
# A built-in reduction over batches runs as a tree: each batch is summarized
# where it is (fold_summary), for every reduction of its join at once, the
# join's tree of partials merges the summaries (fold_merge), and fold_finish
# turns the join's into the reduction's value. A summary is, per operator, a
# small tuple whose first item is the number of elements it covers; what
# follows depends on the operator:
#
#   count        (n,)
#   first, last  (n, element)                        the first (last) element
#   sum, mean    (n, exact, total, bound)            exact: every element an int;
#                                                    bound >= the sum of |element|
#   min, max     (n, ok, kind, best)                 ok: one order kind, plain types,
#                                                    no NaN; best: the first extreme
#
# An empty batch is (0,) for every operator. Where the summary proves the
# twin's left-to-right loop gives a value (every running total of ints
# within int64, since bound <= _INT_MAX; min and max keeping the first of
# equal elements, as the loop does), fold_finish returns it. Otherwise (a float in a sum, whose rounding
# depends on the order; a possible overflow; anything the twin would refuse)
# it fetches the batches, which the run keeps in memory, and calls the twin
# on the whole list, so values and messages are always the unoptimized run's.
import types as _types


def _batch(part):
    return part.flowspec_batch if isinstance(part, _types.SimpleNamespace) else part


def fold_summary(ops, part):
    """The summaries of one batch (a holder or its list), by operator."""
    values = _batch(part)
    return {op: _summary(op, values) for op in ops}


def _summary(op, values):
    n = _b.len(values)
    if op == "count" or n == 0:
        return (n,)
    if op == "first":
        return (n, values[0])
    if op == "last":
        return (n, values[-1])
    types = _b.set(_b.map(_b.type, values))
    if op in ("sum", "mean"):
        if types != {_b.int}:
            return (n, False, None, None)
        lo, hi = _b.min(values), _b.max(values)
        return (n, True, _b.sum(values), n * _b.max(-lo, hi))
    if types <= {_b.int, _b.float}:
        # NaN is the twin's error (it has no order): the finish's fallback
        # raises it with its position.
        if _b.float in types and _b.any(x != x for x in values):
            return (n, False, None, None)
        kind = "number"
    elif types == {_b.str}:
        kind = "string"
    else:
        return (n, False, None, None)
    return (n, True, kind, _b.min(values) if op == "min" else _b.max(values))


def fold_merge(ops, parts):
    """The summaries of consecutive parts, from theirs, by operator."""
    return {op: _merge(op, [p[op] for p in parts]) for op in ops}


def _merge(op, parts):
    n = _b.sum(p[0] for p in parts)
    full = [p for p in parts if p[0]]
    if op == "count" or not full:
        return (n,)
    if op == "first":
        return (n, full[0][1])
    if op == "last":
        return (n, full[-1][1])
    if op in ("sum", "mean"):
        if not _b.all(p[1] for p in full):
            return (n, False, None, None)
        return (n, True, _b.sum(p[2] for p in full), _b.sum(p[3] for p in full))
    kind = full[0][2]
    if not _b.all(p[1] and p[2] == kind for p in full):
        return (n, False, None, None)
    best = full[0][3]
    for p in full[1:]:
        # Strictly smaller (greater) only: the first of equal elements wins.
        if (p[3] < best) if op == "min" else (best < p[3]):
            best = p[3]
    return (n, True, kind, best)


def fold_finish(op, joined, twin, where):
    """The reduction's value from the join's merged summaries, or the
    twin's on the whole list where they do not prove it; where names the
    batches (_elements)."""
    return _finish(op, joined[op], twin, lambda: _elements(where))


def _finish(op, root, twin, elements):
    n = root[0]
    if n and op in ("count", "first", "last"):
        return root[1] if op != "count" else n
    if n and op in ("sum", "mean") and root[1] and root[3] <= _INT_MAX:
        return root[2] if op == "sum" else _div("mean", root[2], n)
    if n and op in ("min", "max") and root[1]:
        return root[3]
    return twin(elements())


def _elements(where):
    """The batches' elements in order, fetched through the scheduler from
    the workers holding them: the run's client keeps every key of the graph
    until the run ends, so they are there. where is (batch prefix, batch
    indexes, whether keys are strings). Under check_keys.py's synchronous
    scheduler, which has no workers, builtins.flowspec_gather stands in for
    the fetch."""
    prefix, indexes, string_keys = where
    keys = [(prefix, i) for i in indexes]
    if string_keys:
        keys = [_b.repr(k) for k in keys]
    gather = _b.getattr(_b, "flowspec_gather", None)
    parts = gather(keys) if gather is not None else _fetch(keys)
    out = []
    for p in parts:
        out.extend(_batch(p))
    return out


def _fetch(keys):
    """The values of keys, asked of the scheduler (its gather handler, which
    a client without direct access uses) from this worker's task thread."""
    import distributed
    from distributed.utils import sync

    w = distributed.get_worker()
    reply = sync(w.loop, w.scheduler.gather, keys=keys)
    if reply.get("status") != "OK":
        raise RuntimeError("the batches this reduction reads were lost before it finished (%s): run the flow again" % (
            _b.sorted(_b.map(_b.str, reply.get("keys", [])))[:3],))
    return [reply["data"][k] for k in keys]
