// Package host runs flowspec plugins: executables that add namespaced
// operators (geo.area) over the protocol of package plugin. A Provider per
// plugin asks the executable to describe its operators (once per
// executable content, cached on disk), turns each into an operator.Op with
// typed parameters, so validate checks arguments at their YAML position,
// and runs calls on a pool of long-lived processes, one per worker slot.
// On Dask, each operator's Python is the shim (shim.py), which runs the
// same executable on the worker.
package host
