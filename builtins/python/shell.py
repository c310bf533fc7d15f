# The shell operator's twin (builtins/op_shell.go and shell_*.go): the same
# checks in the same order, the same messages, the same bounds. The command
# runs in a session (and process group) of its own; when the executor's
# timeout fires it sets the event the runtime wrapper hangs on the thread
# (flowspec_cancel, see dask/lower/pickle_runtime.py), and the whole group is
# killed, as the Go side does when its context ends.
import json as _json
import os as _os
import signal as _signal
import stat as _stat
import subprocess as _subprocess
import threading as _threading

_TAIL_BYTES = 4096
_TAIL_LINES = 10
_DRAIN_SECONDS = 2.0


def shell(cmd=[], script="", env={}, dir="", stdin="", output="text", max_output=67108864):
    argv, label = _shell_argv(cmd, script)
    environ = _shell_env(env)
    _str("dir", dir)
    _str("stdin", stdin)
    _str("output", output)
    if output not in ("text", "lines", "json"):
        raise ValueError('output must be "text", "lines" or "json", got %s' % _repr(output))
    _int("max_output", max_output)
    if max_output < 1:
        raise ValueError("max_output must be at least 1 byte, got %d" % max_output)
    _shell_check_dir(dir)
    path = _shell_resolve(argv[0], dir, environ)
    return _shell_run(argv, label, path, environ, dir, stdin, output, max_output)


def _shell_argv(cmd, script):
    _list("cmd", cmd)
    _str("script", script)
    if not cmd and script == "":
        raise ValueError("shell needs a command: give cmd (the program and its arguments) or script (run by sh -c)")
    if cmd and script != "":
        raise ValueError("shell takes cmd or script, not both: cmd runs one program with its arguments, "
                         "script runs sh -c (pass it values through env)")
    if script != "":
        _shell_no_nul("script", script)
        return ["sh", "-c", script], "script"
    argv = []
    for i, v in enumerate(cmd):
        argv.append(_text(v))
        _shell_no_nul(_item("cmd", i), argv[i])
    return argv, "command " + _quote(argv[0])


def _shell_env(env):
    _map("env", env)
    for k in sorted(env):
        if k == "" or "=" in k or "\x00" in k:
            raise ValueError('env name %s is not valid: it must be non-empty, without "=" or NUL' % _quote(k))
        _shell_no_nul("env[" + _quote(k) + "]", _text(env[k]))
    out = dict(_os.environ)
    for k in env:
        out[k] = _text(env[k])
    return out


def _shell_no_nul(what, s):
    if "\x00" in s:
        raise ValueError("%s contains a NUL byte, which a command cannot receive" % what)


def _shell_check_dir(d):
    if d == "":
        return
    try:
        st = _os.stat(d)
    except (OSError, ValueError):
        raise FileNotFoundError("dir %s does not exist" % _quote(d)) from None
    if not _stat.S_ISDIR(st.st_mode):
        raise NotADirectoryError("dir %s is not a directory" % _quote(d))


def _shell_resolve(name, d, environ):
    if "/" in name:
        p = _shell_within(name, d)
        _shell_executable(name, p)
        return p
    for entry in environ.get("PATH", "").split(":"):
        p = _shell_within(_os.path.join(entry or ".", name), d)
        try:
            _shell_executable(name, p)
            return p
        except OSError:
            pass
    raise FileNotFoundError("command %s not found (not in PATH)" % _quote(name))


def _shell_within(p, d):
    if not _os.path.isabs(p) and d != "":
        p = _os.path.join(d, p)
    return _os.path.abspath(p)


def _shell_executable(name, p):
    try:
        st = _os.stat(p)
    except (OSError, ValueError):
        raise FileNotFoundError("command %s not found" % _quote(name)) from None
    if _stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError("command %s is a directory" % _quote(name))
    if _stat.S_IMODE(st.st_mode) & 0o111 == 0:
        raise PermissionError("command %s is not executable" % _quote(name))


def _shell_run(argv, label, path, environ, d, stdin, output, max_output):
    cancel = getattr(_threading.current_thread(), "flowspec_cancel", None)
    try:
        p = _subprocess.Popen(argv, executable=path, env=environ, cwd=d or None, stdin=_subprocess.PIPE,
                              stdout=_subprocess.PIPE, stderr=_subprocess.PIPE, start_new_session=True)
    except OSError as e:
        msg = _os.strerror(e.errno) if e.errno else str(e)
        raise OSError("%s could not start: %s" % (label, msg[:1].lower() + msg[1:])) from None
    out = {"buf": bytearray(), "over": False}
    err = {"buf": bytearray()}
    readers = [
        _threading.Thread(target=_shell_capture, args=(p, out, max_output), daemon=True),
        _threading.Thread(target=_shell_tail, args=(p.stderr, err), daemon=True),
        _threading.Thread(target=_shell_feed, args=(p.stdin, stdin), daemon=True),
    ]
    for t in readers:
        t.start()
    cancelled = _shell_wait(p, cancel)
    _shell_kill(p.pid)  # whatever it left running
    deadline = _time.monotonic() + _DRAIN_SECONDS
    for t in readers[:2]:
        t.join(_b.max(0, deadline - _time.monotonic()))
    if not (readers[0].is_alive() or readers[1].is_alive()):
        p.stdout.close()  # a reader still blocked (a process that left the
        p.stderr.close()  # group holds the pipe) keeps its pipe until done
    if cancelled:
        raise TimeoutError("%s was stopped: the task timed out" % label)
    if out["over"]:
        raise OSError("%s printed more than %d bytes on stdout, so it was stopped and its output cut there "
                      "(raise max_output to allow more)" % (label, max_output))
    _shell_exit_error(label, p.returncode, _shell_tail_text(err["buf"]))
    return _shell_decode(bytes(out["buf"]), output)


def _shell_wait(p, cancel):
    """Wait for the command; True when cancel was set first (and the
    command's group killed)."""
    if cancel is None:
        p.wait()
        return False
    while True:
        try:
            p.wait(0.05)
            return False
        except _subprocess.TimeoutExpired:
            if cancel.is_set():
                _shell_kill(p.pid)
                p.wait()
                return True


def _shell_kill(pgid):
    try:
        _os.killpg(pgid, _signal.SIGKILL)
    except OSError:  # the group is gone already
        pass


def _shell_feed(w, s):
    try:
        w.write(s.encode("utf-8", "surrogatepass"))
    except OSError:  # the command exited without reading
        pass
    try:
        w.close()
    except OSError:
        pass


def _shell_capture(p, out, max_output):
    fd = p.stdout.fileno()
    while True:
        chunk = _os.read(fd, 65536)
        if not chunk:
            return
        if out["over"]:
            continue
        room = max_output - len(out["buf"])
        if len(chunk) > room:
            out["buf"] += chunk[:room]
            out["over"] = True
            _shell_kill(p.pid)
        else:
            out["buf"] += chunk


def _shell_tail(r, err):
    fd = r.fileno()
    while True:
        chunk = _os.read(fd, 65536)
        if not chunk:
            return
        err["buf"] += chunk
        if len(err["buf"]) > 2 * _TAIL_BYTES:
            del err["buf"][:-_TAIL_BYTES]


def _shell_tail_text(b):
    b = bytes(b)
    if len(b) > _TAIL_BYTES:
        b = b[-_TAIL_BYTES:]
        while b and b[0] & 0xC0 == 0x80:
            b = b[1:]
    lines = b.decode("utf-8", "replace").rstrip("\n").split("\n")
    return "\n".join(lines[-_TAIL_LINES:])


def _shell_exit_error(label, rc, stderr):
    if rc < 0:
        try:
            name = _signal.Signals(-rc).name
        except ValueError:
            name = "unknown signal"
        what = "%s was killed by signal %d (%s)" % (label, -rc, name)
    elif rc != 0:
        what = "%s exited with status %d" % (label, rc)
    else:
        return
    if stderr == "":
        raise RuntimeError(what + " (stderr was empty)")
    raise RuntimeError(what + "; stderr ends with:\n" + stderr)


def _shell_decode(b, output):
    s = b.decode("utf-8", "replace").rstrip("\n")
    if output == "lines":
        return s.split("\n") if s != "" else []
    if output == "json":
        return _shell_json(s)
    return s


def _shell_json(s):
    if s.strip(" \t\r\n") == "":
        raise ValueError("stdout is empty, not JSON (output: json)")
    try:
        v = _json.loads(s, parse_constant=_shell_no_constant, parse_int=_shell_int)
    except ValueError:
        start = s if len(s) <= 60 else s[:60] + "..."
        raise ValueError("stdout is not JSON (output: json); it starts with %s" % _quote(start)) from None
    return _shell_fix_text(v)


def _shell_no_constant(name):
    raise ValueError("not JSON: " + name)


def _shell_int(lit):
    i = _b.int(lit)
    if _fits(i):
        return i
    try:
        return float(i)
    except OverflowError:
        return _math.inf if i > 0 else -_math.inf


def _shell_fix_text(v):
    # A lone surrogate escape (\ud800) reads as U+FFFD, as Go reads it.
    t = type(v)
    if t is str:
        return v.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if t is list:
        return [_shell_fix_text(e) for e in v]
    if t is dict:
        return {_shell_fix_text(k): _shell_fix_text(e) for k, e in v.items()}
    return v
