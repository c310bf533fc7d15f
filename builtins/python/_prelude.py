# Shared by every flowspec operator twin: argument checks, rendering and
# arithmetic written to give exactly the results and messages of the Go
# implementations (builtins/args.go, render.go, arith.go). Each twin is this
# prelude followed by the operator's own source, evaluated as one module, so
# the operator's name may shadow a builtin: always use _b.<builtin> here.
import builtins as _b
import fractions as _fractions
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
    r = _math.nan if _math.isinf(x) else _math.fmod(x, y)  # fmod raises there
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
    r = _powf(x, y)
    if _math.isinf(r) and not _math.isinf(x) and not _math.isinf(y):
        raise OverflowError("float overflow in %s: %s ** %s" % (op, _repr(a), _repr(b)))
    return r


# Float powers, as builtins/powf.go computes them (see there for why):
# correctly rounded for multiples of 0.5 up to 1024, Go's math.Pow
# algorithm otherwise.

def _is_odd_int(x):
    if _b.abs(x) >= 2.0 ** 53:
        return False
    xf, xi = _math.modf(x)
    return xf == 0 and _b.int(xi) & 1 == 1


def _powf(x, y):
    if y == 0 or x == 1:
        return 1.0
    if x != x or y != y:
        return _math.nan
    if x == 0:
        if y < 0:
            return _math.inf
        if _math.copysign(1.0, x) < 0 and _is_odd_int(y):
            return x
        return 0.0
    if _math.isinf(y):
        if x == -1:
            return 1.0
        if (_b.abs(x) < 1) == (y > 0):
            return 0.0
        return _math.inf
    if _math.isinf(x):
        odd = _is_odd_int(y)
        if y < 0:
            return -0.0 if x < 0 and odd else 0.0
        return -_math.inf if x < 0 and odd else _math.inf
    if y == _math.trunc(y) and _b.abs(y) <= 1024:
        return _pow_exact(x, _b.int(y))
    if y == 0.5:
        return _math.sqrt(x)
    if x > 0 and _b.abs(y) <= 1024 and 2 * y == _math.trunc(2 * y):
        return _pow_half(x, _b.int(2 * y))
    return _pow_loop(x, y)


def _pow_exact(x, n):
    r = _fractions.Fraction(x) ** n
    try:
        f = r.numerator / r.denominator  # correctly rounded
    except OverflowError:
        return _math.inf if r > 0 else -_math.inf
    return f


def _pow_half(x, n):
    # The correctly rounded square root of the exact x**n (see powHalf).
    r = _fractions.Fraction(x) ** n
    p, q = r.numerator, r.denominator
    k = _b.max(0, (110 - (p.bit_length() - q.bit_length()) + 1) // 2)
    scaled, rem = _b.divmod(p << (2 * k), q)
    s = _math.isqrt(scaled)
    if rem or s * s != scaled:
        s, k = 2 * s + 1, k + 1
    try:
        return s / (1 << k)
    except OverflowError:
        return _math.inf


def _ldexp(m, e):
    try:
        return _math.ldexp(m, e)
    except OverflowError:
        return _math.copysign(_math.inf, m)


def _pow_loop(x, y):
    yf, yi = _math.modf(_b.abs(y))
    if yi >= 2.0 ** 63:
        if x == -1:
            return 1.0
        if (_b.abs(x) < 1) == (y > 0):
            return 0.0
        return _math.inf
    a1, ae = 1.0, 0
    if yf != 0:
        if yf > 0.5:
            yf -= 1
            yi += 1
        a1 = _portable_exp(yf * _portable_log(x))
    x1, xe = _math.frexp(x)
    i = _b.int(yi)
    while i != 0:
        if xe < -(1 << 12) or (1 << 12) < xe:
            ae += xe
            break
        if i & 1 == 1:
            a1 *= x1
            ae += xe
        x1 *= x1
        xe <<= 1
        if x1 < .5:
            x1 += x1
            xe -= 1
        i >>= 1
    if y < 0:
        a1 = 1 / a1
        ae = -ae
    return _ldexp(a1, ae)


def _portable_exp(x):
    ln2_hi = 6.93147180369123816490e-01
    ln2_lo = 1.90821492927058770002e-10
    log2e = 1.44269504088896338700e+00
    if x != x:
        return x
    if x > 7.09782712893383973096e+02:
        return _math.inf
    if x < -7.45133219101941108420e+02:
        return 0.0
    if -1.0 / (1 << 28) < x < 1.0 / (1 << 28):
        return 1 + x
    k = 0
    if x < 0:
        k = _b.int(log2e * x - 0.5)
    elif x > 0:
        k = _b.int(log2e * x + 0.5)
    hi = x - k * ln2_hi
    lo = k * ln2_lo
    r = hi - lo
    t = r * r
    c = r - t * (1.66666666666666657415e-01 + t * (-2.77777777770155933842e-03 + t * (
        6.61375632143793436117e-05 + t * (-1.65339022054652515390e-06 + t * 4.13813679705723846039e-08))))
    y = 1 - ((lo - (r * c) / (2 - c)) - hi)
    return _ldexp(y, k)


def _portable_log(x):
    ln2_hi = 6.93147180369123816490e-01
    ln2_lo = 1.90821492927058770002e-10
    if x != x or x == _math.inf:
        return x
    if x < 0:
        return _math.nan
    if x == 0:
        return -_math.inf
    f1, ki = _math.frexp(x)
    if f1 < _math.sqrt(2) / 2:
        f1 *= 2
        ki -= 1
    f = f1 - 1
    k = float(ki)
    s = f / (2 + f)
    s2 = s * s
    s4 = s2 * s2
    t1 = s2 * (6.666666666666735130e-01 + s4 * (2.857142874366239149e-01 + s4 * (
        1.818357216161805012e-01 + s4 * 1.479819860511658591e-01)))
    t2 = s4 * (3.999999999940941908e-01 + s4 * (2.222219843214978396e-01 + s4 * 1.531383769920937332e-01))
    R = t1 + t2
    hfsq = 0.5 * f * f
    return k * ln2_hi - ((hfsq - (s * (hfsq + R) + k * ln2_lo)) - f)


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


def _nan_free(param, l, verb):
    for i, e in enumerate(l):
        if type(e) is float and e != e:
            raise ValueError("%s is nan, which cannot be %s" % (_item(param, i), verb))


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
