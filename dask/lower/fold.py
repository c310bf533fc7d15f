

# flowspec's fold chains on Dask (see fold.go). This text follows a built-in
# twin's source (the prelude's checks and messages), so it uses _b.<builtin>.
# A reduction over batches runs as one step per batch, on the worker that
# holds the batch, carrying a small state from step to step:
#
#   (op, n, acc, kind, first_type, error)
#
# n: elements folded so far (the next element's index in the reduction's
# list); acc: the running value (sum, mean), the best so far (min, max), the
# element kept (first, last); kind and first_type: values[0]'s order kind and
# type name (min, max); error: the exception the reduction raises, kept
# rather than raised so that only the reduction's own task fails (see
# fold.go). Each step gives exactly what the twin's sequential loop gives
# over that batch: a check over the whole batch picks a C-speed path only
# where it proves the result identical, otherwise the twin's loop runs.
import functools as _functools
import itertools as _itertools
import operator as _operator
import types as _types


def fold_step(op, state, part):
    """The state after folding part (a batch's holder, or its list) into
    state (None before the first batch)."""
    values = part.flowspec_batch if isinstance(part, _types.SimpleNamespace) else part
    if state is None:
        state = (op, 0, 0, None, None, None)
    op, n, acc, kind, first_type, error = state
    if error is not None or not values:
        return state
    try:
        if op in ("sum", "mean"):
            acc = _fold_add(op, n, acc, values)
        elif op in ("min", "max"):
            if n == 0:
                kind, first_type, acc = _order_kind("values", 0, values[0]), _tname(values[0]), values[0]
            acc = _fold_extreme(op == "min", n, acc, kind, first_type, values)
        elif op == "first":
            acc = values[0] if n == 0 else acc
        elif op == "last":
            acc = values[-1]
    except Exception as e:
        error = e
    return (op, n + _b.len(values), acc, kind, first_type, error)


def _fold_add(op, n, acc, values):
    """acc plus values, added left to right as the sum and mean twins add."""
    types = _b.set(_b.map(_b.type, values))
    if type(acc) is int and types <= {int}:
        # Every running total lies within |acc| + len × the largest
        # magnitude: when that fits int64, none overflows, and Python's sum
        # of ints is exact.
        if _b.abs(acc) + _b.len(values) * _b.max(_b.abs(_b.min(values)), _b.abs(_b.max(values))) <= _INT_MAX:
            return acc + _b.sum(values)
    elif type(acc) is float and types <= {int, float}:
        # Once the total is a float, each step is float(acc) + float(e);
        # float + int converts the int as float() does. Not _b.sum: it
        # compensates float rounding, which the twins do not.
        return _functools.reduce(_operator.add, values, acc)
    for i, e in enumerate(values):
        if not _is_number(e):
            raise _arg_error(_item("values", n + i), "a number", e)
        acc = _add(op, acc, e)
    return acc


def _fold_extreme(smallest, n, best, kind, first_type, values):
    """best against values, as the min and max twins compare: every element
    of values[0]'s kind, a later one replacing best only when strictly
    smaller (greater)."""
    types = _b.set(_b.map(_b.type, values))
    if types <= ({int, float} if kind == "number" else {str}):
        # Python's min and max keep their first argument until a strictly
        # smaller (greater) element comes, comparing as the twins' loop.
        pick = _b.min if smallest else _b.max
        return pick(_itertools.chain((best,), values))
    for i, e in enumerate(values):
        if _order_kind("values", n + i, e) != kind:
            raise TypeError("values mixes numbers and strings (values[0] is %s, %s is %s), which cannot be compared" % (
                first_type, _item("values", n + i), _tname(e)))
        if (e < best) if smallest else (best < e):
            best = e
    return best


def fold_finish(state, joined):
    """The reduction's value from the last step's state, or its error
    raised. joined is the batches' join, None: read so that this task runs
    after it (fold.go)."""
    op, n, acc, kind, first_type, error = state
    if error is not None:
        raise error
    if op == "count":
        return n
    if op == "sum":
        return acc
    _nonempty("values", [None] * _b.min(n, 1))
    if op == "mean":
        return _div("mean", acc, n)
    return acc


def fold_done(part):
    """None once the batch part exists: what a folded join waits for
    instead of the batch itself, so no batch moves for it."""
    return None


def fold_joined(parts):
    """A folded join: None once every part exists (fold.go)."""
    return None
