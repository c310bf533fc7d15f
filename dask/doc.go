// Package dask runs compiled Graphs on a Dask distributed cluster.
//
// Executor is the runtime.Executor: it lowers a Graph to a Dask graph
// pickle (Lower), submits it through a dask/client Stream, turns the
// scheduler's events into task states with the same outcomes as
// runtime.Local, and gathers the outputs. Resolve settles the executor
// configuration with a source for every setting; Check refuses a graph Dask
// cannot run before any cluster is contacted; CheckStealing applies the
// work-stealing rule to a cluster's facts.
//
// Talking to the scheduler is dask/client's work, and the wire protocol
// (including the distributed Version and the update-graph Dialect it
// implies) is dask/wire's.
package dask
