package main

import (
	"fmt"

	"github.com/flowspec/flowspec/runtime"
	"github.com/flowspec/flowspec/store"
	"github.com/urfave/cli/v2"
)

// withCache gives the executor the run store's cache for the elements of
// cache: tasks whose arguments come from upstream results: the in-process
// executor looks each up as it is about to run; one that takes the graph
// whole (Dask) runs what those arguments need first, then the rest
// without the hits (store.Staged).
func withCache(c *cli.Context, ex runtime.Executor, rec *store.Recorder) runtime.Executor {
	if rec == nil {
		return ex
	}
	if l, ok := ex.(*runtime.Local); ok {
		return l.WithCache(rec)
	}
	return store.Staged(ex, rec, func(msg string) { fmt.Fprintf(c.App.ErrWriter, "flowspec: %s\n", msg) })
}
