# flowspec's helpers on Dask workers. The graph pickle carries this source and
# execs it once per graph (see lower.go); nothing here is imported by name, so
# a cluster needs only `distributed` installed.
import json
import sys
import threading
import time
import types


def each(fn, spread, *args):
    """Apply fn to the zipped elements of the spread arguments and return
    the list of results. A spread argument is a list or, for a batch of
    consecutive ints, a range (see ranges.go). spread[i] names the parameter of argument i when it
    is iterated, and is None when it is passed as it is. Errors read as the
    local executor's (runtime/call.go)."""
    n, first = -1, None
    for a, name in zip(args, spread):
        if name is None:
            continue
        if not isinstance(a, (list, range)):
            raise TypeError(
                f'argument "{name}": expected a list to map over, got {_describe(a)}'
            )
        if n >= 0 and len(a) != n:
            raise ValueError(
                f'mapped arguments have different lengths: "{first}" has {n} elements, "{name}" has {len(a)}'
            )
        n, first = len(a), name
    out = []
    for i in range(n):
        try:
            out.append(fn(*[a if s is None else a[i] for a, s in zip(args, spread)]))
        except Exception as e:
            raise _with_prefix(e, f"element {i}: ") from e
    return out


def each_held(fn, spread, *args):
    """each, its list in a holder: for batches only joins read."""
    return batch_of(each(fn, spread, *args))


def batch_of(values):
    """A batch's results as Dask should move them: distributed serializes a
    list between workers element by element (about 50 µs an int), but any
    other object as one pickle, so a batch travels in this holder, which
    only join (the batches' hidden concat) and the reduction trees' summaries
    open."""
    return FlowspecBatch(flowspec_batch=values)


class FlowspecBatch(types.SimpleNamespace):
    """A batch's holder. Its size is its list's (Dask's sizeof falls back
    to sys.getsizeof), so the scheduler, which places a task where most of
    its inputs' bytes are, runs a batch's summary where the batch is
    (fold.go), and counts a batch's memory."""

    def __sizeof__(self):
        values = self.flowspec_batch
        sample = values[:16]
        each = sum(map(sys.getsizeof, sample)) / len(sample) if sample else 0
        return sys.getsizeof(values) + int(each * len(values))


def join(parts, whole):
    """Concatenate the batches' results in order: a list when whole (the
    group's list, read by the flow), else a holder for a further join (a
    partial of the concat's tree)."""
    out = []
    for p in parts:
        out.extend(p.flowspec_batch if isinstance(p, types.SimpleNamespace) else p)
    return out if whole else batch_of(out)


def _with_prefix(e, prefix):
    """The exception e with its message prefixed, same class if possible."""
    try:
        return type(e)(prefix + str(e))
    except Exception:
        return RuntimeError(f"{prefix}{type(e).__name__}: {e}")


def _describe(v):
    if v is None:
        return "null"
    names = {bool: "bool", int: "int", float: "float", str: "string", dict: "map"}
    t = names.get(type(v), type(v).__name__)
    if t == "map":
        return f"map of {len(v)}"
    if t == "string":
        return "string " + json.dumps(v)
    if t == "bool":
        return "bool " + ("true" if v else "false")
    return f"{t} {v!r}"


def first(value, after):
    """Return value: the task's result once its ordering-only dependencies
    (after, a list Dask computed first) are done."""
    return value


class FlowspecSkipped(Exception):
    """Raised for a task whose `when:` is false: the executor reports the
    task (and, through Dask, its dependents) as skipped, not failed."""


def call(fn, when, timeout, retries, delay, backoff, *args):
    """Run fn(*args) unless when is false or null, with a timeout (seconds,
    0 for none) and up to retries further attempts, sleeping
    delay * backoff**attempt between them. Each attempt's start, and each
    failed attempt that will be retried, is logged as a worker event on
    topic TOPIC (see _report), which the flowspec client follows."""
    if when is not True:
        if when is False or when is None:
            raise FlowspecSkipped("when: is false")
        raise TypeError(f"when: expected true or false, got {_describe(when)}")
    attempt = 0
    while True:
        _report(attempt + 1, "running", None)
        try:
            return _timed(fn, timeout, args)
        except Exception as e:
            if attempt >= retries:
                raise
            _report(attempt + 1, "retrying", e)
            time.sleep(delay * backoff**attempt)
            attempt += 1


TOPIC = "flowspec-attempts"


def _report(attempt, state, error):
    """Log {key, attempt, state[, class, message]} for the running task on
    TOPIC; outside a Dask worker (or should logging fail) nothing is said,
    since progress must never fail a task."""
    try:
        import distributed

        worker = distributed.get_worker()
        msg = {"key": worker.get_current_task(), "attempt": attempt, "state": state}
        if error is not None:
            msg["class"], msg["message"] = type(error).__name__, str(error)
        worker.log_event(TOPIC, msg)
    except Exception:
        pass


def _timed(fn, timeout, args):
    """Run fn(*args) in a thread and give up on it after timeout seconds.
    On timeout the thread's flowspec_cancel event is set: operators that
    wait on something outside (shell waits on its process group) watch it
    and stop what they started, as the Go side does when its context ends;
    and the thread is interrupted (see _interrupt), so a py: function stops
    instead of running on, with its side effects, after the task has
    failed."""
    if not timeout:
        return fn(*args)
    box = {}

    def run():
        try:
            box["value"] = fn(*args)
        except BaseException as e:  # re-raised in the task's thread below
            box["error"] = e

    t = threading.Thread(target=run, daemon=True)
    t.flowspec_cancel = threading.Event()
    t.start()
    t.join(timeout)
    if t.is_alive():
        t.flowspec_cancel.set()
        _interrupt(t)
        raise TimeoutError(f"timed out after {_duration(timeout)}")
    if "error" in box:
        raise box["error"]
    return box["value"]


class FlowspecTimedOut(BaseException):
    """Raised inside a call's thread once its timeout has passed. A
    BaseException, as KeyboardInterrupt is, so that a function's `except
    Exception:` does not swallow it; `finally:` blocks still run."""


def _interrupt(t):
    """Raise FlowspecTimedOut in thread t at its next Python instruction.
    Dask cannot stop a task that is running (cancelling a key only forgets
    its result; only restarting the worker ends it, with every other task on
    it), and Python cannot kill a thread; CPython can raise an exception in
    one (PyThreadState_SetAsyncExc). That stops a function running Python
    code at once; one blocked in a C call (a sleep, a read) stops when the
    call returns, before its next line. Only a thread that says it may be
    (flowspec_interruptible: a py: function, see pyfunc/loader.py) is
    interrupted: operators that watch flowspec_cancel (shell, plugins)
    stop what they started themselves, and an exception in the middle of
    that would leave it running. Should ctypes be missing, the thread runs
    on, as before."""
    if not getattr(t, "flowspec_interruptible", False):
        return
    try:
        import ctypes

        set_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
        set_exc(ctypes.c_ulong(t.ident), ctypes.py_object(FlowspecTimedOut))
    except Exception:
        pass


def _duration(seconds):
    """seconds written as Go writes a time.Duration (200ms, 1.5s, 1m30s,
    1h0m0s), so a timeout reads as the local executor's "timed out after
    1.5s" (runtime/call.go)."""
    ns = round(seconds * 1e9)
    if ns < 1000:
        return f"{ns}ns"
    for unit, size in (("µs", 1e3), ("ms", 1e6)):
        if ns < size * 1000:
            return _trim(ns / size) + unit
    h, rest = divmod(ns, 3600 * 10**9)
    m, rest = divmod(rest, 60 * 10**9)
    out = f"{h}h{m}m" if h else (f"{m}m" if m else "")
    return out + _trim(rest / 1e9) + "s"


def _trim(x):
    """x with at most nine decimals and no trailing zeros."""
    return f"{x:.9f}".rstrip("0").rstrip(".")


# Triggers other than all_success (see dask/lower/outcome.go). Dask never
# runs a task whose input erred, so the tasks a trigger reads, and the tasks
# they read, run as two keys each: the outcome key never raises and holds the
# value, or a marker saying the task failed (with its exception) or did not
# run; the task's own key unwraps it, raising as the task did, so Dask and
# the executor see the same failures as without triggers.


class FlowspecFailed:
    """Marker: the task raised error."""

    def __init__(self, error):
        self.error = error


class FlowspecNotRun:
    """Marker: the task was skipped (trigger not met, `when:` false)."""


def _marker(v):
    """The marker class name of v, or None. Markers are recognised by name:
    this module is not importable, so a marker that travels to another
    worker arrives as an instance of a copy of its class (cloudpickle
    sends such classes by value), which isinstance would not recognise."""
    name = type(v).__name__
    return name if name in ("FlowspecFailed", "FlowspecNotRun") else None


def outcome(trigger, deps, fn, when, timeout, retries, delay, backoff, *args):
    """The task's outcome as a value or a marker, never raising. deps are
    the outcomes of its upstream tasks; the trigger decides from them as
    runtime/trigger.go does, then `when:`, then the call with its timeout
    and retries. A task that runs although an upstream task did not
    succeed reads None as that task's value, as in-process."""
    failed = any(_marker(d) == "FlowspecFailed" for d in deps)
    not_ok = failed or any(_marker(d) for d in deps)
    if trigger == "all_done":
        met = True
    elif trigger == "any_failed":
        met = failed
    else:
        met = not not_ok
    if not met:
        return FlowspecNotRun()
    if not_ok:
        when, args = _unmark(when), _unmark(list(args))
    try:
        return call(fn, when, timeout, retries, delay, backoff, *args)
    except FlowspecSkipped:
        return FlowspecNotRun()
    except Exception as e:
        return FlowspecFailed(e)


def _unmark(v):
    """v with every marker, at any depth of lists and dicts, as None."""
    if _marker(v):
        return None
    if isinstance(v, list):
        return [_unmark(x) for x in v]
    if isinstance(v, tuple):
        return tuple(_unmark(x) for x in v)
    if isinstance(v, dict):
        return {k: _unmark(x) for k, x in v.items()}
    return v


def unwrap(v):
    """The task's key: its outcome's value, or its failure raised again."""
    m = _marker(v)
    if m == "FlowspecFailed":
        raise v.error
    if m:
        raise FlowspecSkipped("not run")
    return v
