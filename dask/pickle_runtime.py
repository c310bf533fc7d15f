# flowspec's helpers on Dask workers. The graph pickle carries this source and
# execs it once per graph (see lower.go); nothing here is imported by name, so
# a cluster needs only `distributed` installed.
import threading
import time


def each(fn, spread, *args):
    """Apply fn to the zipped elements of the spread arguments (spread[i] is
    True for an argument to iterate); the others are passed as they are."""
    lists = [a for a, s in zip(args, spread) if s]
    n = len(lists[0])
    for other in lists[1:]:
        if len(other) != n:
            raise ValueError(
                f"mapped arguments have different lengths ({n} and {len(other)})"
            )
    return [fn(*[a[i] if s else a for a, s in zip(args, spread)]) for i in range(n)]


def first(value, after):
    """Return value: the task's result once its ordering-only dependencies
    (after, a list Dask computed first) are done."""
    return value


def call(fn, timeout, retries, delay, backoff, *args):
    """Run fn(*args) with a timeout (seconds, 0 for none) and up to retries
    further attempts, sleeping delay * backoff**attempt between them."""
    attempt = 0
    while True:
        try:
            return _timed(fn, timeout, args)
        except Exception:
            if attempt >= retries:
                raise
            time.sleep(delay * backoff**attempt)
            attempt += 1


def _timed(fn, timeout, args):
    if not timeout:
        return fn(*args)
    box = {}

    def run():
        try:
            box["value"] = fn(*args)
        except BaseException as e:  # re-raised in the task's thread below
            box["error"] = e

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():
        raise TimeoutError(f"task did not finish within {timeout:g}s")
    if "error" in box:
        raise box["error"]
    return box["value"]
