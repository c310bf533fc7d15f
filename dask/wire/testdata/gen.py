"""Writes the golden bytes the Go tests of dask/wire decode and compare to.

Every file is produced by distributed's own code (protocol.dumps, the TCP
comm's framing, error_message, pickle), so the Go side is checked against
what a real scheduler or worker sends. Run it with a venv that has
distributed, from anywhere:

    .venv/current/bin/python dask/wire/testdata/gen.py
    # or: go test ./dask/wire -run Golden -update

lz4 is needed for the compressed frames; when the venv lacks it, it is
installed with pip into a scratch directory (not into the venv, whose
compression default it would change).

Dicts are built with their keys in sorted order: Dask reads messages by key,
and Go's encoder sorts keys, so sorted Python dicts let the tests compare
encoded bytes exactly. Serialized sub-headers get "num-sub-frames" up front
for the same reason (assigning an existing key keeps its place).
"""

import os
import pickle
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def ensure_lz4():
    try:
        import lz4.block  # noqa: F401
    except ImportError:
        target = os.path.join(tempfile.gettempdir(), "flowspec-gen-lz4")
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet",
                               "--disable-pip-version-check", "--target", target, "lz4"])
        sys.path.insert(0, target)


ensure_lz4()

import collections  # noqa: E402
import datetime  # noqa: E402

import msgpack  # noqa: E402
from distributed.comm.tcp import _add_frames_header  # noqa: E402
from distributed.core import error_message  # noqa: E402
from distributed.protocol import dumps  # noqa: E402
from distributed.protocol.serialize import Serialized, to_serialize  # noqa: E402


def wire_bytes(frames):
    """The bytes TCP.write puts on the socket for these frames."""
    frames, _, _ = _add_frames_header(list(frames))
    return b"".join(bytes(f) for f in frames)


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def handshake():
    # What Comm.handshake_info sends, keys sorted.
    msg = {"compression": None, "pickle-protocol": 5, "python": (3, 11, 0)}
    write("handshake.bin", wire_bytes(dumps(msg)))


def update_graph():
    graph = pickle.dumps({("inc-t", 0): (sum, [1, 2])}, protocol=4)
    header = {"num-sub-frames": 1, "serializer": "pickle", "writeable": ()}
    msg = {
        "actors": None,
        "annotations": {},
        "code": [],
        "expr_ser": Serialized(header, [graph]),
        "fifo_timeout": 0.0,
        "internal_priority": None,
        "keys": {("inc-t", 0)},
        "op": "update-graph",
        "span_metadata": {},
        "stimulus_id": "update-graph-c-1",
        "submitting_task": None,
    }
    write("update_graph.bin", wire_bytes(dumps([msg])))


def gather_reply(name, data, **context):
    msg = {"data": {k: to_serialize(v) for k, v in data.items()}, "status": "OK"}
    frames = dumps(msg, serializers=["msgpack", "pickle"],
                   context={"pickle-protocol": 5, **context.pop("ctx", {})}, **context)
    write(name, wire_bytes(frames))


def gather_replies():
    gather_reply("gather_plain.bin", {
        ("inc-t", 0): 42,
        ("inc-t", 1): -7,
        "sum-t": 2.5,
        ("str-t", 0): "héllo ✓",
        ("list-t", 0): [1, "a", [True, None]],
        ("dict-t", 0): {"a": 1, "b": [1.5, "x"]},
        ("set-t", 0): {3, 1, 2},
        ("tuple-t", 0): (1, 2),
        ("bytes-t", 0): b"\x00\xff",
        ("big-t", 0): 2 ** 70,
        ("date-t", 0): datetime.date(2020, 1, 2),
        ("nested", (1, 2)): "nested tuple key",
    })
    big = "flowspec " * 20000
    gather_reply("gather_lz4.bin", {("big-t", 0): big}, ctx={"compression": "lz4"})
    gather_reply("gather_zlib.bin", {("big-t", 0): big}, ctx={"compression": "zlib"})
    gather_reply("gather_split.bin", {("big-t", 0): "0123456789" * 500}, frame_split_size=1000)


def fails_deep(x):
    return inner(x)


def inner(x):
    return 1 / x


class TwoArgError(Exception):
    pass


def task_erred():
    msgs = []
    for key, fn in [(("div-t", 0), lambda: fails_deep(0)),
                    (("key-t", 0), lambda: {}["missing"]),
                    (("two-t", 0), lambda: (_ for _ in ()).throw(TwoArgError("bad", 3)))]:
        try:
            fn()
        except Exception as e:
            err = error_message(e)
        msgs.append({"exception": err["exception"], "key": key, "op": "task-erred",
                     "traceback": err["traceback"]})
    msgs.append({"key": ("inc-t", 0), "op": "key-in-memory", "type": b"int"})
    msgs.append({"keys": [("inc-t", 1), "sum-t"], "msg": "lost dependencies", "op": "cancelled-keys", "reason": "lost"})
    msgs.append({"key": "sum-t", "op": "lost-data"})
    msgs.append({"op": "some-future-op", "payload": 1})
    write("stream_batch.bin", wire_bytes(dumps(msgs)))


def pickles():
    shared = [1, 2]
    recursive = []
    recursive.append(recursive)
    composite = {"ints": [0, 1, -1, 255, 256, 65535, 65536, -2 ** 31, 2 ** 31, 2 ** 63 - 1, -2 ** 63],
                 "float": 1.5, "str": "héllo ✓", "bytes": b"\x00\xff", "t": (1, "a"),
                 "none": None, "bools": [True, False], "set": {"b", "a"}, "fs": frozenset([2, 1])}
    cases = {}
    for proto in range(0, 6):
        cases[f"composite-p{proto}"] = pickle.dumps(composite, protocol=proto)
    buffers = []
    cases["oob-p5"] = pickle.dumps([pickle.PickleBuffer(b"out-of-band")], protocol=5,
                                   buffer_callback=buffers.append)
    cases["oob-p5-buffer"] = bytes(buffers[0].raw())
    cases["shared-p4"] = pickle.dumps([shared, shared], protocol=4)
    cases["recursive-p4"] = pickle.dumps(recursive, protocol=4)
    cases["bigint-p4"] = pickle.dumps(2 ** 64, protocol=4)
    cases["negbig-p4"] = pickle.dumps(-(2 ** 70), protocol=4)
    cases["tuplekey-p4"] = pickle.dumps({("a", 1): 2}, protocol=4)
    cases["ordereddict-p4"] = pickle.dumps(collections.OrderedDict([("z", 1), ("a", 2)]), protocol=4)
    cases["bytearray-p5"] = pickle.dumps(bytearray(b"ba"), protocol=5)
    cases["date-p4"] = pickle.dumps(datetime.date(2020, 1, 2), protocol=4)
    cases["key-p4"] = pickle.dumps(("inc-t", 0), protocol=4)
    cases["nested-key-p4"] = pickle.dumps(("x", 1, ("y", 2.5)), protocol=4)
    write("pickles.msgpack", msgpack.dumps(cases, use_bin_type=True))


if __name__ == "__main__":
    handshake()
    update_graph()
    gather_replies()
    task_erred()
    pickles()
