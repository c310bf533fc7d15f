# The Python of a py: operator on Dask, generated per function (loader.go
# fills in the names). It finds the module once per worker process: from
# the source that travelled with the graph (a module beside the flow, kept
# in sys.modules under a name that carries its content hash, so two
# versions never mix) or by importing an installed one. Errors read as the
# in-process executor's: class, message, the user's own frames.
def _flowspec_module():
    import sys

    # A worker runs tasks on several threads: a module is returned only once
    # it has been executed in full (KEY in ready), and one thread at a time
    # executes it, so no thread sees a module whose functions are not yet
    # defined. The lock and the set are shared by every loader of the
    # process through the sys module (setdefault is atomic).
    ready = sys.__dict__.setdefault("_flowspec_ready_modules", set())
    if KEY in ready:
        return sys.modules[KEY]
    if SOURCE is None:
        import importlib

        try:
            return importlib.import_module(MODULE)
        except ModuleNotFoundError as e:
            if e.name is None or not (MODULE + ".").startswith(e.name + "."):
                raise
            raise ModuleNotFoundError(
                f"no module {MODULE} on this Dask worker: install it on the workers, "
                f"or put {MODULE.replace('.', '/')}.py beside the flow (or on its python: path) so it travels with the graph"
            ) from None
    import threading

    with sys.__dict__.setdefault("_flowspec_load_lock", threading.RLock()):
        if KEY not in ready:
            _flowspec_exec(sys)
            ready.add(KEY)
    return sys.modules[KEY]


def _flowspec_exec(sys):
    """Executes SOURCE as a new module under KEY in sys.modules."""
    import types

    # Named as in-process (type names in messages agree); kept under KEY, so
    # pickle cannot find its classes by name and Dask's cloudpickle fallback
    # sends them by value between workers.
    m = types.ModuleType(MODULE)
    m.__file__ = FILE
    sys.modules[KEY] = m
    import linecache

    # tracebacks quote the user's lines, as they do in-process
    linecache.cache[FILE] = (len(SOURCE), None, SOURCE.splitlines(True), FILE)
    try:
        exec(compile(SOURCE, FILE, "exec"), m.__dict__)
    except BaseException:
        del sys.modules[KEY]
        raise


def _flowspec_call(*args):
    _flowspec_interruptible()
    try:
        fn = getattr(_flowspec_module(), FUNCTION)
        pos, kw = list(args[:POSITIONAL]), {}
        for name, a, omit in zip(NAMES[POSITIONAL:], args[POSITIONAL:], OMIT[POSITIONAL:]):
            if not (omit and a is None):
                kw[name] = a
        return _flowspec_plain(fn(*pos, **kw))
    except Exception as e:
        raise _flowspec_error(e) from None


def _flowspec_interruptible():
    """Lets the task wrapper interrupt this call once its timeout passes
    (_interrupt in dask/lower/pickle_runtime.py): a user's function has
    nothing of its own to stop, unlike shell or a plugin, which watch
    flowspec_cancel. Should the timeout have passed already (a slow
    import), the function is not started at all."""
    import threading

    t = threading.current_thread()
    cancel = getattr(t, "flowspec_cancel", None)
    if cancel is None:
        return  # no timeout: the call runs on the task's own thread
    t.flowspec_interruptible = True
    if cancel.is_set():
        raise TimeoutError("the task timed out before the function started")


def _flowspec_plain(v):
    """v with tuples as lists and numpy scalars as Python's, as in-process."""
    t = type(v)
    if t is tuple or t is list:
        return [_flowspec_plain(x) for x in v]
    if t is dict:
        return {k: _flowspec_plain(x) for k, x in v.items()}
    if t.__module__ == "numpy" and hasattr(v, "item") and getattr(v, "ndim", 1) == 0:
        return v.item()
    return v


def _flowspec_error(e):
    """e, same class, with the user's frames (below ours) in its message."""
    import traceback

    lines = []
    for f in traceback.extract_tb(e.__traceback__.tb_next):
        if f.filename.startswith("<frozen") or f.filename.startswith("flowspec/"):
            continue
        lines.append(f'  File "{f.filename}", line {f.lineno}, in {f.name}')
        if f.line:
            lines.append("    " + f.line.strip())
    if not lines:
        return e
    try:
        return type(e)(str(e) + "\n" + "\n".join(lines))
    except Exception:
        return e
