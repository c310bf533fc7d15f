// Package pyfunc makes a user's Python functions operators: a task written
// `op: py:tasks.inc` calls function inc of module tasks.
//
//   - Which functions exist and what they take is asked of Python once per
//     module (introspect.py) and cached on disk by the module file's
//     content, so repeated validates start no Python.
//   - In-process, calls go to a pool of long-lived Python workers
//     (worker.py), one per worker slot, started on first use and reused:
//     a call is one round trip of length-prefixed msgpack over a pipe.
//   - On Dask, the operator's Python is a generated loader (loader.go) that
//     carries the source of a module found beside the flow, or imports an
//     installed one by name.
//
// Plain data (None, bool, int, float, str, list, dict with str keys) crosses
// as flowspec values; other objects stay Python: pickled as value.Opaque
// between local workers, kept on the workers on Dask.
//
// A function marks itself with attributes: `fn.flowspec_pure = True` (same
// arguments, same result, no effects: the optimizer may merge its calls)
// and `fn.flowspec_batchable = True` (cheap enough to run many elements per
// task when it is also pure). Unmarked functions are opaque to the optimizer.
package pyfunc
