package main

import (
	"fmt"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/runtime"
	"github.com/flowspec/flowspec/store"
	"github.com/urfave/cli/v2"
)

// withCache gives the in-process executor the run store's cache for the
// elements of cache: tasks whose arguments come from upstream results,
// looked up as each is about to run. Dask cannot do that (the graph is
// submitted whole, before those arguments exist anywhere but on the
// workers), so there such elements run, and the run says so.
func (p *runPlan) withCache(c *cli.Context, ex runtime.Executor, rec *store.Recorder) runtime.Executor {
	if rec == nil {
		return ex
	}
	if l, ok := ex.(*runtime.Local); ok {
		return l.WithCache(rec)
	}
	for _, grp := range runtimeCached(p.graph) {
		fmt.Fprintf(c.App.ErrWriter, "flowspec: %s: cache: of %s is not looked up on %s for elements whose arguments come from upstream results: the graph is submitted whole, before those arguments exist; they run and are not cached (the in-process executor looks them up as they are about to run)\n", grp.Range, grp.Name, ex.Name())
	}
	return ex
}

// runtimeCached lists the cache: groups with an element whose arguments
// are not known before the run.
func runtimeCached(g *compiler.Graph) []*compiler.Group {
	var out []*compiler.Group
	for _, grp := range g.Groups {
		if grp.Cache == nil {
			continue
		}
		for i := grp.First; i < grp.First+grp.Size; i++ {
			if _, ok := store.CacheAddress(g, i); !ok && !g.Tasks[i].Each {
				out = append(out, grp)
				break
			}
		}
	}
	return out
}
