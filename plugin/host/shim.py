# The Python of a plugin operator on Dask (shim.go fills in the constants
# above this text). It runs the plugin's executable on the worker as a
# subprocess and speaks the same protocol as flowspec in-process: 4-byte
# big-endian length, then msgpack (docs/PLUGINS.md). Processes are kept per
# worker process and executable, one per thread that calls at once, and a
# process that died or was stopped is replaced on the next call. It uses
# only what distributed depends on (msgpack) and the standard library.
def _flowspec_plugin_pool():
    import sys
    import threading

    pools = sys.__dict__.setdefault("_flowspec_plugin_pools", {})
    lock = sys.__dict__.setdefault("_flowspec_plugin_lock", threading.Lock())
    with lock:
        return pools.setdefault(PATH, {"idle": [], "lock": threading.Lock(), "id": [0]})


def _flowspec_worker():
    try:
        from distributed import get_worker

        return get_worker().address
    except Exception:
        import socket

        return socket.gethostname()


def _flowspec_exe():
    import os
    import shutil

    if os.path.isfile(PATH) and os.access(PATH, os.X_OK):
        return PATH
    for name in (os.path.basename(PATH), "flowspec-plugin-" + PLUGIN):
        found = shutil.which(name)
        if found:
            return found
    raise FileNotFoundError(
        f"plugin {PLUGIN}: no executable {PATH} on Dask worker {_flowspec_worker()}, "
        f"nor {os.path.basename(PATH)} on its PATH: install the plugin on every worker, at that path or on their PATH"
    )


def _flowspec_start():
    import collections
    import subprocess
    import sys
    import threading

    exe = _flowspec_exe()
    try:
        p = subprocess.Popen([exe], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             start_new_session=True)
    except OSError as e:
        raise OSError(f"plugin {PLUGIN} ({exe}) cannot be started on Dask worker {_flowspec_worker()}: {e.strerror}") from None
    p.flowspec_exe = exe
    p.flowspec_tail = collections.deque(maxlen=10)

    def log():
        for line in p.stderr:
            text = line.decode("utf-8", "replace").rstrip("\n")
            p.flowspec_tail.append(text)
            print(f"{PLUGIN}: {text}", file=sys.stderr)

    threading.Thread(target=log, daemon=True).start()
    return p


def _flowspec_read(p, n, cancel):
    """n bytes of p's stdout; b"" short when it closed; None when cancelled."""
    import os
    import select

    fd, buf = p.stdout.fileno(), bytearray()
    while len(buf) < n:
        if cancel is not None:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if cancel.is_set():
                return None
            if not ready:
                continue
        chunk = os.read(fd, n - len(buf))
        if not chunk:
            break
        buf += chunk
    return bytes(buf)


def _flowspec_kill(p):
    import os
    import signal

    try:
        os.killpg(p.pid, signal.SIGKILL)
    except OSError:
        pass
    p.wait()


def _flowspec_exchange(p, msg, cancel):
    """The answer to msg, None when cancelled; raises EOFError or ValueError
    when the process broke the protocol or died."""
    import struct

    import msgpack

    b = msgpack.packb(msg, use_bin_type=True)
    try:
        p.stdin.write(struct.pack(">I", len(b)) + b)
        p.stdin.flush()
    except OSError:
        raise EOFError() from None
    head = _flowspec_read(p, 4, cancel)
    if head is None:
        return None
    if len(head) < 4:
        raise EOFError()
    (n,) = struct.unpack(">I", head)
    if n > 1 << 30:
        raise ValueError(f"a message of {n} bytes ({head!r} as text): the output is not the protocol")
    body = _flowspec_read(p, n, cancel)
    if body is None:
        return None
    if len(body) < n:
        raise EOFError()
    try:
        return msgpack.unpackb(body, raw=False, strict_map_key=False)
    except Exception as e:
        raise ValueError(f"a message flowspec cannot read: {e}") from None


def _flowspec_died(p, e):
    """The error for a process that failed mid-call, killed by now."""
    rc = p.returncode
    how = "exited" if not rc else (f"exited (exit status {rc})" if rc > 0 else f"exited (signal: {-rc})")
    msg = f"plugin {PLUGIN} ({p.flowspec_exe}) on Dask worker {_flowspec_worker()} running {NAME} {how} during the call"
    if isinstance(e, ValueError):
        msg = (f"plugin {PLUGIN} ({p.flowspec_exe}) on Dask worker {_flowspec_worker()} running {NAME} wrote output "
               f"that is not the protocol ({e}): its stdout carries the protocol, so it must log to stderr")
    import time

    time.sleep(0.05)  # its last stderr lines
    if p.flowspec_tail:
        msg += "; its last output:\n" + "\n".join(p.flowspec_tail)
    return RuntimeError(msg)


def _flowspec_error(err):
    """The exception of an operator's error answer, of a class named as the
    plugin's, so class and message read as in-process: Python's own class
    when it names one (ValueError), else a class made once per name and
    kept in __main__, whose classes Dask names without their module."""
    import builtins
    import re
    import sys

    err = err if isinstance(err, dict) else {}
    cls, msg = err.get("class"), err.get("message")
    if not isinstance(cls, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", cls):
        cls = "PluginError"
    kind = getattr(builtins, cls, None)
    if not (isinstance(kind, type) and issubclass(kind, Exception)):
        main = sys.modules["__main__"]
        made = main.__dict__.setdefault("_flowspec_plugin_errors", {})
        kind = made.get(cls)
        if kind is None:
            kind = made.setdefault(cls, type(cls, (Exception,), {"__module__": "__main__"}))
            if getattr(main, cls, kind) is not kind:
                kind = made[cls] = RuntimeError  # the name is taken in __main__
            setattr(main, cls, kind)
    e = kind(msg if isinstance(msg, str) else "")
    e.details = err.get("details")
    return e


def _flowspec_plugin_call(*args):
    import threading

    pool = _flowspec_plugin_pool()
    cancel = getattr(threading.current_thread(), "flowspec_cancel", None)
    with pool["lock"]:
        p = pool["idle"].pop() if pool["idle"] else None
        pool["id"][0] += 1
        cid = pool["id"][0]
    if p is None or p.poll() is not None:
        p = _flowspec_start()
    try:
        reply = _flowspec_exchange(p, {"type": "call", "id": cid, "op": OP, "args": dict(zip(NAMES, args))}, cancel)
    except (EOFError, ValueError) as e:
        _flowspec_kill(p)
        raise _flowspec_died(p, e) from None
    if reply is None:
        _flowspec_kill(p)
        raise TimeoutError(f"{NAME} was stopped: the task timed out")
    if not isinstance(reply, dict) or reply.get("id") != cid:
        # Out of step with us: its real answer may still be in the pipe.
        _flowspec_kill(p)
        raise RuntimeError(f"plugin {PLUGIN} ({p.flowspec_exe}) answered call {cid} with {str(reply)[:200]}, which is not an answer to it (docs/PLUGINS.md); the process was restarted")
    with pool["lock"]:
        pool["idle"].append(p)
    if reply.get("type") == "result":
        return reply.get("value")
    if reply.get("type") == "error":
        raise _flowspec_error(reply.get("error"))
    raise RuntimeError(f"plugin {PLUGIN} ({p.flowspec_exe}) answered call {cid} with type {reply.get('type')!r}, neither result nor error")
