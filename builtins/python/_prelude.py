# Shared by every flowspec operator twin: argument checks, rendering and
# arithmetic written to give exactly the results and messages of the Go
# implementations (builtins/args.go, render.go, arith.go). Each twin is this
# prelude followed by the operator's own source, evaluated as one module, so
# the operator's name may shadow a builtin: always use _b.<builtin> here.
import builtins as _b
import math as _math
import time as _time

_INT_MIN = -(1 << 63)
_INT_MAX = (1 << 63) - 1
_MAX_SECONDS = 1e9


def _tname(v):
    if v is None:
        return "null"
    t = type(v)
    if t is bool:
        return "bool"
    if t is int:
        return "int"
    if t is float:
        return "float"
    if t is str:
        return "string"
    if t is list:
        return "list"
    if t is dict:
        return "map"
    return "any"


def _quote(s):
    out = ['"']
    for c in s:
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif c == "\t":
            out.append("\\t")
        elif c == "\b":
            out.append("\\b")
        elif c == "\f":
            out.append("\\f")
        elif ord(c) < 0x20:
            out.append("\\u%04x" % ord(c))
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def _repr(v):
    t = _tname(v)
    if t == "null":
        return "null"
    if t == "bool":
        return "true" if v else "false"
    if t == "int":
        return str(v)
    if t == "float":
        return _b.repr(v)
    if t == "string":
        return _quote(v)
    if t == "list":
        return "[" + ", ".join(_repr(e) for e in v) + "]"
    if t == "map":
        return "{" + ", ".join(_quote(k) + ": " + _repr(v[k]) for k in sorted(v)) + "}"
    return "<any>"


def _text(v):
    return v if type(v) is str else _repr(v)


def _shorten(s):
    return s if len(s) <= 60 else s[:57] + "..."


def _describe(v):
    t = _tname(v)
    if t == "null":
        return "null"
    if t in ("list", "map"):
        return "%s of %d" % (t, len(v))
    return t + " " + _shorten(_repr(v))


def _arg_error(param, want, v):
    return TypeError("%s must be %s, got %s" % (param, want, _describe(v)))


def _is_number(v):
    t = type(v)
    return t is int or t is float


def _number(param, v):
    if not _is_number(v):
        raise _arg_error(param, "a number", v)
    return v


def _int(param, v):
    if type(v) is not int:
        raise _arg_error(param, "an int", v)
    return v


def _float(param, v):
    if not _is_number(v):
        raise _arg_error(param, "a number", v)
    return float(v)


def _str(param, v):
    if type(v) is not str:
        raise _arg_error(param, "a string", v)
    return v


def _bool(param, v):
    if type(v) is not bool:
        raise _arg_error(param, "a bool", v)
    return v


def _list(param, v):
    if type(v) is not list:
        raise _arg_error(param, "a list", v)
    return v


def _map(param, v):
    if type(v) is not dict:
        raise _arg_error(param, "a map", v)
    return v


def _nonempty(param, v):
    _list(param, v)
    if not v:
        raise ValueError("%s is empty" % param)
    return v


def _item(param, i):
    return "%s[%d]" % (param, i)


def _seconds(param, v):
    s = _float(param, v)
    if not (0 <= s <= _MAX_SECONDS):
        raise ValueError("%s must be between 0 and 1e9 seconds, got %s" % (param, _repr(v)))
    return s


def _pause(delay):
    s = _seconds("delay", delay)
    if s > 0:
        _time.sleep(s)


def _overflow(op, a, sym, b):
    return OverflowError("integer overflow in %s: %s %s %s" % (op, _repr(a), sym, _repr(b)))


def _zero_division(op, a, sym, b):
    return ZeroDivisionError("division by zero in %s: %s %s %s" % (op, _repr(a), sym, _repr(b)))


def _fits(i):
    return _INT_MIN <= i <= _INT_MAX


def _both_int(a, b):
    return type(a) is int and type(b) is int


def _add(op, a, b):
    if _both_int(a, b):
        s = a + b
        if not _fits(s):
            raise _overflow(op, a, "+", b)
        return s
    return float(a) + float(b)


def _sub(op, a, b):
    if _both_int(a, b):
        d = a - b
        if not _fits(d):
            raise _overflow(op, a, "-", b)
        return d
    return float(a) - float(b)


def _mul(op, a, b):
    if _both_int(a, b):
        p = a * b
        if not _fits(p):
            raise _overflow(op, a, "*", b)
        return p
    return float(a) * float(b)


def _div(op, a, b):
    if b == 0:
        raise _zero_division(op, a, "/", b)
    if _both_int(a, b):
        return a / b  # correctly rounded, as the Go side
    return float(a) / float(b)


def _mod(op, a, b):
    if b == 0:
        raise _zero_division(op, a, "%", b)
    if _both_int(a, b):
        return a % b
    x, y = float(a), float(b)
    r = _math.fmod(x, y)
    if r:
        if (y < 0) != (r < 0):
            r += y
        return r
    return _math.copysign(0.0, y)


def _pow(op, a, b):
    if _both_int(a, b) and b >= 0:
        if a in (0, 1, -1):
            return a ** b
        if b >= 64:
            raise _overflow(op, a, "**", b)
        p = a ** b
        if not _fits(p):
            raise _overflow(op, a, "**", b)
        return p
    x, y = float(a), float(b)
    if x == 0 and y < 0 and not _math.isinf(y):
        raise _zero_division(op, a, "**", b)
    if x < 0 and not _math.isinf(x) and _math.isfinite(y) and y != _math.trunc(y):
        raise ValueError("no real result in %s: %s ** %s (a negative number to a fractional power)" % (op, _repr(a), _repr(b)))
    try:
        return _math.pow(x, y)
    except OverflowError:
        raise OverflowError("float overflow in %s: %s ** %s" % (op, _repr(a), _repr(b))) from None


def _neg(op, a):
    if type(a) is int:
        if a == _INT_MIN:
            raise OverflowError("integer overflow in %s: -(%s)" % (op, _repr(a)))
        return -a
    return -a


def _order_kind(param, i, v):
    if _is_number(v):
        return "number"
    if type(v) is str:
        return "string"
    raise _arg_error(_item(param, i), "a number or a string", v)


def _order_kinds(param, l):
    first = None
    for i, v in enumerate(l):
        k = _order_kind(param, i, v)
        if i == 0:
            first = k
        elif k != first:
            raise TypeError("%s mixes numbers and strings (%s is %s, %s is %s), which cannot be compared" % (
                param, _item(param, 0), _tname(l[0]), _item(param, i), _tname(v)))


def _equal(a, b):
    ta, tb = _tname(a), _tname(b)
    if ta in ("int", "float"):
        return tb in ("int", "float") and a == b
    if ta != tb:
        return False
    if ta == "list":
        return len(a) == len(b) and _b.all(_equal(x, y) for x, y in _b.zip(a, b))
    if ta == "map":
        return len(a) == len(b) and _b.all(k in b and _equal(v, b[k]) for k, v in a.items())
    return a == b
