// Package client talks to a Dask distributed scheduler from Go, without
// Python, over the protocol in dask/wire.
//
// Dial connects (tcp:// or tls://), exchanges handshakes and reads the
// scheduler's versions, refusing a distributed older than flowspec speaks;
// the Client then makes request/reply calls (Versions, Identity,
// WorkStealing, Gather) on one connection. Start opens the batched stream a
// run uses: UpdateGraph submits a pickled graph in the scheduler's
// wire.Dialect, and Events reports what becomes of the client's keys.
// Info gathers a cluster's facts for `flowspec dask info` and the checks
// before a run.
//
// Errors where nothing Dask-like answered match ErrUnreachable. What to run
// (the lowered graph) and how task events become task states are the
// dask package's business, not this one's.
package client
