# The expr operator's twin. Its expr argument is not expr-lang source but
# the Python expression TranslateExpr (builtins/translate.go) made of it at
# compile time; the helpers below give that expression the semantics of
# ExprOptions: checked arithmetic and comparisons as in exprops.go, and
# expr-lang's builtins as its Go code computes them on flowspec values.
# (This module follows the range, format, upper and lower twins.)
import decimal as _decimal
import functools as _functools
import random as _random
import re as _re

_X_OP = "expression"
_X_CACHE = {}


class _XNil(Exception):
    """Ends an optional chain (a?.b.c) whose base is null."""


def _x_eval(src, vars):
    fn = _X_CACHE.get(src)
    if fn is None:  # a function of vars, compiled once per source
        fn = _b.eval("lambda vars: " + src, _X_ENV)
        _X_CACHE[src] = fn
    return fn(vars)


def _x_numbers(a, b):
    return _is_number(a) and _is_number(b)


def _x_add(a, b):
    if _x_numbers(a, b):
        return _add(_X_OP, a, b)
    if type(a) is str and type(b) is str:
        return a + b
    raise TypeError("cannot add %s and %s" % (_describe(a), _describe(b)))


def _x_numeric(sym, f, a, b):
    if not _x_numbers(a, b):
        raise TypeError("cannot apply %s to %s and %s" % (sym, _describe(a), _describe(b)))
    return f(_X_OP, a, b)


def _x_sub(a, b):
    return _x_numeric("-", _sub, a, b)


def _x_mul(a, b):
    return _x_numeric("*", _mul, a, b)


def _x_div(a, b):
    return _x_numeric("/", _div, a, b)


def _x_mod(a, b):
    return _x_numeric("%", _mod, a, b)


def _x_pow(a, b):
    return _x_numeric("**", _pow, a, b)


def _x_neg(a):
    if not _is_number(a):
        raise TypeError("cannot negate %s" % _describe(a))
    return _neg(_X_OP, a)


def _x_pos(a):
    if not _is_number(a) and type(a) is not str:
        raise TypeError("cannot apply unary + to %s" % _describe(a))
    return a


def _x_compare(sym, a, b):
    if not (_x_numbers(a, b) or (type(a) is str and type(b) is str)):
        raise TypeError("cannot compare %s %s %s" % (_describe(a), sym, _describe(b)))


def _x_lt(a, b):
    _x_compare("<", a, b)
    return a < b


def _x_le(a, b):
    _x_compare("<=", a, b)
    return a <= b


def _x_gt(a, b):
    _x_compare(">", a, b)
    return a > b


def _x_ge(a, b):
    _x_compare(">=", a, b)
    return a >= b


def _x_eq(a, b):
    return _equal(a, b)


def _x_ne(a, b):
    return not _equal(a, b)


def _x_in(x, coll):
    if coll is None:
        return False
    if type(coll) is list:
        return _b.any(_equal(x, e) for e in coll)
    if type(coll) is dict:
        return type(x) is str and x in coll
    raise TypeError("in needs a list or a map on its right, got %s" % _describe(coll))


def _x_through(a, b):
    if type(a) is not int or type(b) is not int:
        raise TypeError("a..b needs two ints, got %s and %s" % (_describe(a), _describe(b)))
    if b == _INT_MAX:
        raise OverflowError("integer overflow in %s: %d..%d" % (_X_OP, a, b))
    return _range_list(a, b + 1, 1)


def _x_position(i, n, what):
    if type(i) is not int:
        raise TypeError("an index must be an int, got %s" % _describe(i))
    j = i + n if i < 0 else i
    if not 0 <= j < n:
        raise IndexError("index %d is out of range for %s %d" % (i, what, n))
    return j


def _x_index(x, i):
    if type(x) is list:
        return x[_x_position(i, _b.len(x), "a list of")]
    if type(x) is str:
        return x[_x_position(i, _b.len(x), "a string of")]
    if type(x) is dict:
        if type(i) is not str:
            raise TypeError("a map key must be a string, got %s" % _describe(i))
        return x.get(i)
    raise TypeError("cannot index %s" % _describe(x))


def _x_bound(v):
    if v is not None and type(v) is not int:
        raise TypeError("a slice bound must be an int, got %s" % _describe(v))
    return v


def _x_slice(x, a, b):
    if type(x) is not list and type(x) is not str:
        raise TypeError("cannot slice %s" % _describe(x))
    return x[_x_bound(a):_x_bound(b)]


def _x_member(x, name, optional):
    if type(x) is dict:
        return x.get(name)
    if x is None and optional:
        raise _XNil()
    raise TypeError("cannot fetch %s from %s" % (name, _describe(x)))


def _x_chain(f):
    try:
        return f()
    except _XNil:
        return None


def _x_coalesce(a, f):
    return f() if a is None else a


def _x_truth(a):
    if type(a) is not bool:
        raise TypeError("expected a bool, got %s" % _describe(a))
    return a


def _x_not(a):
    return not _x_truth(a)


def _x_seq(*xs):
    return xs[-1]


def _x_key(k):
    if type(k) is not str:
        raise TypeError("a map key must be a string, got %s" % _describe(k))
    return k


def _x_strings(op, *xs):
    for x in xs:
        if type(x) is not str:
            raise TypeError("%s needs strings, got %s" % (op, _describe(x)))


def _x_contains(a, b):
    _x_strings("contains", a, b)
    return b in a


def _x_startswith(a, b):
    _x_strings("startsWith", a, b)
    return a.startswith(b)


def _x_endswith(a, b):
    _x_strings("endsWith", a, b)
    return a.endswith(b)


def _x_matches(a, pattern):
    """a matches pattern: pattern is the Go regexp as dask/lower rewrote
    it for Python (translate_regexp.go), searched with re.ASCII."""
    _x_strings("matches", a)
    return _re.search(pattern, a, _re.ASCII) is not None



# Functions ExprOptions adds.

def _x_range(*args):
    for i, a in enumerate(args):
        _int("range argument %d" % (i + 1), a)
    if _b.len(args) == 1:
        return _range_list(0, args[0], 1)
    if _b.len(args) == 2:
        return _range_list(args[0], args[1], 1)
    return _range_list(args[0], args[1], args[2])


def _x_rand():
    return _random.random()


def _x_format(template, values):
    _str("format template", template)
    _map("format values", values)
    return _format(template, values)


# expr-lang's builtins, as its Go code computes them on flowspec values.

def _x_b_len(x):
    if type(x) in (list, dict, str):
        return _b.len(x)
    raise TypeError("invalid argument for len (type %s)" % _tname(x))


def _x_wrap(i):
    # Go's int arithmetic inside expr-lang builtins wraps around.
    return (i + (1 << 63)) % (1 << 64) - (1 << 63)


def _x_b_abs(x):
    if type(x) is int:
        return _x_wrap(-x) if x < 0 else x
    if type(x) is float:
        return _math.fabs(x)
    raise TypeError("invalid argument for abs (type %s)" % _tname(x))


def _x_float_of(name, x):
    if type(x) is int:
        return float(x)
    if type(x) is float:
        return x
    raise TypeError("invalid argument for %s (type %s)" % (name, _tname(x)))


def _x_b_ceil(x):
    f = _x_float_of("ceil", x)
    return f if not _math.isfinite(f) else float(_math.ceil(f))


def _x_b_floor(x):
    f = _x_float_of("floor", x)
    return f if not _math.isfinite(f) else float(_math.floor(f))


def _x_b_round(x):
    # Go's math.Round: half away from zero.
    f = _x_float_of("round", x)
    if not _math.isfinite(f):
        return f
    t = float(_math.trunc(f))
    if _b.abs(f - t) >= 0.5:
        t += _math.copysign(1.0, f)
    return _math.copysign(t, f) if t == 0 else t


def _x_b_int(x):
    if type(x) is int:
        return x
    if type(x) is float:
        if x != x or not (-(2.0 ** 63) <= x < 2.0 ** 63):
            raise ValueError("int(%s) is out of the int range" % _repr(x))
        return int(x)
    if type(x) is str:
        if not _re.fullmatch(r"[+-]?[0-9]+", x):
            raise ValueError("invalid operation: int(%s)" % x)
        return int(x)
    raise TypeError("invalid operation: int(%s)" % _tname(x))


def _x_b_float(x):
    if type(x) is int or type(x) is float:
        return float(x)
    if type(x) is str:
        if not _re.fullmatch(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?(inf|infinity|nan)", x, _re.I):
            raise ValueError("invalid operation: float(%s)" % x)
        return float(x)
    raise TypeError("invalid operation: float(%s)" % _tname(x))


def _x_gofloat(f):
    # Go's %v of a float64 (strconv's shortest 'g'): the same shortest
    # digits as Python's repr, scientific when the decimal exponent is
    # < -4 or >= 6, and no trailing ".0".
    if f != f:
        return "NaN"
    if _math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    sign, digits, e = _decimal.Decimal(_b.repr(f)).as_tuple()
    ds = "".join(_b.map(str, digits)).lstrip("0")
    s = "-" if sign else ""
    if not ds:
        return s + "0"
    stripped = ds.rstrip("0")
    exp = e + _b.len(ds) - 1
    ds = stripped
    if exp < -4 or exp >= 6:
        m = ds[0] + ("." + ds[1:] if _b.len(ds) > 1 else "")
        return "%s%se%s%02d" % (s, m, "-" if exp < 0 else "+", _b.abs(exp))
    if exp < 0:
        return s + "0." + "0" * (-exp - 1) + ds
    if _b.len(ds) <= exp + 1:
        return s + ds + "0" * (exp + 1 - _b.len(ds))
    return s + ds[:exp + 1] + "." + ds[exp + 1:]


def _x_gov(v):
    t = _tname(v)
    if t == "null":
        return "<nil>"
    if t == "bool":
        return "true" if v else "false"
    if t == "float":
        return _x_gofloat(v)
    if t == "list":
        return "[" + " ".join(_x_gov(e) for e in v) + "]"
    if t == "map":
        return "map[" + " ".join(k + ":" + _x_gov(v[k]) for k in sorted(v)) + "]"
    return str(v)


def _x_b_string(x):
    return _x_gov(x)


_X_GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


def _x_b_trim(s, chars=None):
    _x_strings("trim", s)
    if chars is None:
        return s.strip(_X_GO_SPACE)
    _x_strings("trim", chars)
    return s.strip(chars)


def _x_b_trimprefix(s, p):
    _x_strings("trimPrefix", s, p)
    return s[_b.len(p):] if s.startswith(p) else s


def _x_b_trimsuffix(s, p):
    _x_strings("trimSuffix", s, p)
    return s[:_b.len(s) - _b.len(p)] if p and s.endswith(p) else s


def _x_b_upper(s):
    _x_strings("upper", s)
    return upper(s)


def _x_b_lower(s):
    _x_strings("lower", s)
    return lower(s)


def _x_b_split(s, sep):
    _x_strings("split", s, sep)
    if sep == "":
        return _b.list(s)
    return s.split(sep)


def _x_b_join(l, sep=""):
    _x_strings("join", sep)
    if type(l) is not list:
        raise TypeError("join needs a list, got %s" % _describe(l))
    _x_strings("join", *l)
    return sep.join(l)


def _x_b_replace(s, old, new):
    _x_strings("replace", s, old, new)
    return s.replace(old, new)


def _x_b_repeat(s, n):
    _x_strings("repeat", s)
    if type(n) is not int or n < 0:
        raise ValueError("invalid argument for repeat (expected positive integer, got %s)" % _repr(n))
    return s * n


def _x_b_indexof(s, sub):
    _x_strings("indexOf", s, sub)
    i = s.find(sub)
    return i if i < 0 else _b.len(s[:i].encode("utf-8", "surrogatepass"))


def _x_b_hasprefix(s, p):
    _x_strings("hasPrefix", s, p)
    return s.startswith(p)


def _x_b_hassuffix(s, p):
    _x_strings("hasSuffix", s, p)
    return s.endswith(p)


def _x_flat_numbers(name, args, out):
    for a in args:
        if type(a) is list:
            _x_flat_numbers(name, a, out)
        elif _is_number(a):
            out.append(a)
        else:
            raise TypeError("invalid argument for %s (type %s)" % (name, _tname(a)))
    return out


def _x_go_more(a, b):
    if type(a) is int and type(b) is int:
        return a > b
    return float(a) > float(b)


def _x_b_min(*args):
    val = None
    for e in _x_flat_numbers("min", args, []):
        if val is None or _x_go_more(val, e):
            val = e
    return val


def _x_b_max(*args):
    val = None
    for e in _x_flat_numbers("max", args, []):
        if val is None or _x_go_more(e, val):
            val = e
    return val


def _x_b_mean(*args):
    values = _x_flat_numbers("mean", args, [])
    total = 0.0
    for v in values:
        total += float(v)
    return total / _b.len(values) if values else 0.0


def _x_list(name, l):
    if type(l) is not list:
        raise TypeError("%s needs a list, got %s" % (name, _describe(l)))
    return l


def _x_go_add(a, b):
    if type(a) is int and type(b) is int:
        return _x_wrap(a + b)
    if _x_numbers(a, b):
        return float(a) + float(b)
    raise TypeError("invalid operation: %s + %s" % (_tname(b), _tname(a)))


def _x_b_sum(l, f=None):
    acc = 0
    for i, e in enumerate(_x_list("sum", l)):
        acc = _x_go_add(acc, f(e, i) if f else e)
    return acc


def _x_b_first(l):
    return l[0] if type(l) is list and l else None


def _x_b_last(l):
    return l[-1] if type(l) is list and l else None


def _x_b_keys(m):
    if type(m) is not dict:
        raise TypeError("keys needs a map, got %s" % _describe(m))
    return sorted(m)


def _x_b_values(m):
    if type(m) is not dict:
        raise TypeError("values needs a map, got %s" % _describe(m))
    return [m[k] for k in sorted(m)]


def _x_b_reverse(l):
    return _x_list("reverse", l)[::-1]


def _x_b_sort(l, order="asc"):
    _x_list("sort", l)
    if order not in ("asc", "desc"):
        raise ValueError("sort order must be asc or desc, got %s" % _repr(order))
    _order_kinds("sort", l)
    def cmp(a, b):
        if _x_numbers(a, b):
            return -1 if _x_go_more(b, a) else (1 if _x_go_more(a, b) else 0)
        return -1 if a < b else (1 if a > b else 0)

    return sorted(l, key=_functools.cmp_to_key(cmp), reverse=order == "desc")


def _x_b_uniq(l):
    out = []
    for e in _x_list("uniq", l):
        if not _b.any(_equal(e, o) for o in out):
            out.append(e)
    return out


def _x_b_concat(*lists):
    out = []
    for l in lists:
        out.extend(_x_list("concat", l))
    return out


def _x_b_flatten(l):
    return _flatten_into([], _x_list("flatten", l))


def _x_b_all(l, f):
    return _b.all(_x_truth(f(e, i)) for i, e in enumerate(_x_list("all", l)))


def _x_b_any(l, f):
    return _b.any(_x_truth(f(e, i)) for i, e in enumerate(_x_list("any", l)))


def _x_b_none(l, f):
    return not _b.any(_x_truth(f(e, i)) for i, e in enumerate(_x_list("none", l)))


def _x_b_one(l, f):
    n = 0
    for i, e in enumerate(_x_list("one", l)):
        if _x_truth(f(e, i)):
            n += 1
            if n > 1:
                return False
    return n == 1


def _x_b_filter(l, f):
    return [e for i, e in enumerate(_x_list("filter", l)) if _x_truth(f(e, i))]


def _x_b_map(l, f):
    return [f(e, i) for i, e in enumerate(_x_list("map", l))]


def _x_b_count(l, f=None):
    return _b.sum(1 for i, e in enumerate(_x_list("count", l)) if _x_truth(f(e, i) if f else e))


def _x_b_find(l, f):
    for i, e in enumerate(_x_list("find", l)):
        if _x_truth(f(e, i)):
            return e
    return None


def _x_b_findindex(l, f):
    for i, e in enumerate(_x_list("findIndex", l)):
        if _x_truth(f(e, i)):
            return i
    return None


def _x_b_reduce(l, f, *initial):
    """expr-lang's reduce: #acc starts at initial, or at the first element
    (then #index starts at 1)."""
    l = _x_list("reduce", l)
    start = 0
    if initial:
        acc = initial[0]
    elif not l:
        raise ValueError("reduce of empty array with no initial value")
    else:
        acc, start = l[0], 1
    for i in _b.range(start, _b.len(l)):
        acc = f(l[i], i, acc)
    return acc


def expr(expr, vars={}):
    _str("expr", expr)
    _map("vars", vars)
    return _x_eval(expr, vars)


# The namespace translated expressions are evaluated in. It is captured
# explicitly because cloudpickle, which ships this module's functions to
# Dask workers, sends only the globals a function names in its code.
_X_ENV = _b.dict(_b.globals())
