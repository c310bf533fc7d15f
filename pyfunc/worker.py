# flowspec's Python worker: runs a user's functions for the in-process
# executor. flowspec starts one per worker slot and keeps it: each request
# is a 4-byte big-endian length and a msgpack array
#     [module, function, positional args, keyword args]
# and each reply the same framing around [0, result] or
#     [1, exception class, message, user traceback].
# Values are plain data; any other object travels as msgpack ext type 1,
# "TYPE\0" + its pickle. It runs on a bare python3: the msgpack package is
# used when installed, else the small codec below.
import importlib
import os
import pickle
import struct
import sys
import traceback

OPAQUE = 1


class Opaque:
    """A Python object that is not plain data, pickled to cross to Go."""

    __slots__ = ("data",)

    def __init__(self, data):
        self.data = data


def plain(v):
    """v as plain data (tuples as lists, numpy scalars as Python's), with
    anything else wrapped as an Opaque pickle."""
    t = type(v)
    if v is None or t is bool or t is str or t is float:
        return v
    if t is int:
        if -(2**63) <= v < 2**63:
            return v
        raise OverflowError(f"int {v} does not fit in 64 bits")
    if t is list or t is tuple:
        return [plain(x) for x in v]
    if t is dict and all(type(k) is str for k in v):
        return {k: plain(x) for k, x in v.items()}
    if t.__module__ == "numpy" and hasattr(v, "item") and getattr(v, "ndim", 1) == 0:
        return plain(v.item())
    name = t.__qualname__ if t.__module__ == "builtins" else t.__module__ + "." + t.__qualname__
    try:
        return Opaque(name.encode() + b"\0" + pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception as e:
        raise TypeError(f"the result, a {name}, is not plain data and cannot be pickled: {e}") from None


def unopaque(code, data):
    if code != OPAQUE:
        raise ValueError(f"unknown msgpack extension {code}")
    return pickle.loads(data[data.index(b"\0") + 1 :])


def pack(v, out):
    """Append v's msgpack encoding to the bytearray out (plain data and Opaque)."""
    if v is None:
        out.append(0xC0)
    elif v is True:
        out.append(0xC3)
    elif v is False:
        out.append(0xC2)
    elif type(v) is int:
        if 0 <= v < 128:
            out.append(v)
        elif -32 <= v < 0:
            out.append(v & 0xFF)
        else:
            out += b"\xd3" + struct.pack(">q", v)
    elif type(v) is float:
        out += b"\xcb" + struct.pack(">d", v)
    elif type(v) is str:
        b = v.encode("utf-8", "surrogatepass")
        header(out, len(b), 0xA0, 32, 0xD9, 0xDA, 0xDB)
        out += b
    elif type(v) is bytes:
        header(out, len(v), None, 0, 0xC4, 0xC5, 0xC6)
        out += v
    elif type(v) is list:
        header(out, len(v), 0x90, 16, None, 0xDC, 0xDD)
        for x in v:
            pack(x, out)
    elif type(v) is dict:
        header(out, len(v), 0x80, 16, None, 0xDE, 0xDF)
        for k, x in v.items():
            pack(k, out)
            pack(x, out)
    elif type(v) is Opaque:
        n = len(v.data)
        if n < 256:
            out += struct.pack(">BBb", 0xC7, n, OPAQUE)
        else:
            out += struct.pack(">BIb", 0xC9, n, OPAQUE)
        out += v.data
    else:
        raise TypeError(f"cannot encode {type(v).__name__}")


def header(out, n, fix, fixmax, c8, c16, c32):
    if fix is not None and n < fixmax:
        out.append(fix | n)
    elif c8 is not None and n < 256:
        out += struct.pack(">BB", c8, n)
    elif n < 65536:
        out += struct.pack(">BH", c16, n)
    else:
        out += struct.pack(">BI", c32, n)


def unpack(b, i=0):
    """Decode one msgpack value at b[i:]; returns (value, next index)."""
    c = b[i]
    i += 1
    if c < 0x80:
        return c, i
    if c >= 0xE0:
        return c - 256, i
    if 0xA0 <= c <= 0xBF:
        return b[i : i + (c & 31)].decode("utf-8", "surrogatepass"), i + (c & 31)
    if 0x90 <= c <= 0x9F:
        return items(b, i, c & 15)
    if 0x80 <= c <= 0x8F:
        return pairs(b, i, c & 15)
    if c in SIMPLE:
        return SIMPLE[c], i
    if c in FIXED:
        fmt, size = FIXED[c]
        return struct.unpack_from(fmt, b, i)[0], i + size
    if c in LENGTHS:
        kind, fmt, size = LENGTHS[c]
        n = struct.unpack_from(fmt, b, i)[0]
        i += size
        if kind == "str":
            return b[i : i + n].decode("utf-8", "surrogatepass"), i + n
        if kind == "bin":
            return bytes(b[i : i + n]), i + n
        if kind == "list":
            return items(b, i, n)
        if kind == "map":
            return pairs(b, i, n)
        code = struct.unpack_from(">b", b, i)[0]
        return unopaque(code, bytes(b[i + 1 : i + 1 + n])), i + 1 + n
    raise ValueError(f"unsupported msgpack byte 0x{c:02x}")


SIMPLE = {0xC0: None, 0xC2: False, 0xC3: True}
FIXED = {
    0xCA: (">f", 4), 0xCB: (">d", 8),
    0xCC: (">B", 1), 0xCD: (">H", 2), 0xCE: (">I", 4), 0xCF: (">Q", 8),
    0xD0: (">b", 1), 0xD1: (">h", 2), 0xD2: (">i", 4), 0xD3: (">q", 8),
}
LENGTHS = {
    0xD9: ("str", ">B", 1), 0xDA: ("str", ">H", 2), 0xDB: ("str", ">I", 4),
    0xC4: ("bin", ">B", 1), 0xC5: ("bin", ">H", 2), 0xC6: ("bin", ">I", 4),
    0xDC: ("list", ">H", 2), 0xDD: ("list", ">I", 4),
    0xDE: ("map", ">H", 2), 0xDF: ("map", ">I", 4),
    0xC7: ("ext", ">B", 1), 0xC8: ("ext", ">H", 2), 0xC9: ("ext", ">I", 4),
}


def items(b, i, n):
    out = []
    for _ in range(n):
        v, i = unpack(b, i)
        out.append(v)
    return out, i


def pairs(b, i, n):
    out = {}
    for _ in range(n):
        k, i = unpack(b, i)
        v, i = unpack(b, i)
        out[k] = v
    return out, i


def codec():
    """(encode, decode) over plain data: the msgpack package when installed."""
    try:
        import msgpack
    except ImportError:
        def encode(v):
            out = bytearray()
            pack(v, out)
            return bytes(out)

        return encode, lambda b: unpack(b)[0]

    def default(v):
        if type(v) is Opaque:
            return msgpack.ExtType(OPAQUE, v.data)
        raise TypeError(f"cannot encode {type(v).__name__}")

    return (
        lambda v: msgpack.packb(v, default=default, use_bin_type=True),
        lambda b: msgpack.unpackb(b, raw=False, ext_hook=unopaque, strict_map_key=False),
    )


def user_frames(tb, roots):
    """The traceback below our own frame, with files under a search path
    named relative to it, as flowspec shows them on every executor."""
    lines = []
    for f in traceback.extract_tb(tb.tb_next if tb else None):
        name = f.filename
        if name.startswith("<frozen"):
            continue  # importlib's frames while importing the user's module
        for r in roots:
            if name.startswith(r + os.sep):
                name = name[len(r) + 1 :]
                break
        lines.append(f'  File "{name}", line {f.lineno}, in {f.name}')
        if f.line:
            lines.append("    " + f.line.strip())
    return "\n".join(lines)


def main():
    roots = [os.path.abspath(p) for p in sys.argv[1:]]
    sys.path[:0] = roots
    proto_in = os.fdopen(os.dup(0), "rb")  # buffered: a frame's head and body in one read
    proto_out = os.fdopen(os.dup(1), "wb", buffering=0)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)  # the function's input() reads nothing, not the protocol
    os.dup2(2, 1)  # its prints go to stderr, not into the protocol
    sys.stdout = sys.stderr
    encode, decode = codec()
    funcs = {}
    while True:
        head = read(proto_in, 4)
        if head is None:
            return
        module, name, args, kwargs = decode(read(proto_in, struct.unpack(">I", head)[0]))
        try:
            fn = funcs.get((module, name))
            if fn is None:
                fn = funcs[(module, name)] = getattr(importlib.import_module(module), name)
            reply = [0, plain(fn(*args, **kwargs))]
        except BaseException as e:
            reply = [1, type(e).__name__, str(e), user_frames(e.__traceback__, roots)]
        sys.stdout.flush()
        try:
            body = encode(reply)
        except Exception as e:
            body = encode([1, type(e).__name__, str(e), ""])
        proto_out.write(struct.pack(">I", len(body)) + body)


def read(f, n):
    buf = b""
    while len(buf) < n:
        chunk = f.read(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


main()
