package optimize

import (
	"github.com/flowspec/flowspec/compiler"
)

// Preload returns g without the tasks whose results are already known (a
// resumed run's reused tasks): drop[i] removes task i, values[i] is the
// result its readers get instead, as a constant, and outputs[k], when
// present, replaces output k's whole value. It is the one place a resume
// changes what runs, and it changes only the Graph, so every executor runs
// the rest without knowing: on Dask, a preloaded task is never submitted.
//
// A dropped task that a kept task or an output reads must have a value;
// element indices are kept, so keys stay stable.
func Preload(g *compiler.Graph, drop []bool, values map[int32]any, outputs map[int]any) *compiler.Graph {
	c := clone(g)
	c.Tasks = make([]compiler.Task, len(g.Tasks))
	alias := make([]int32, len(g.Tasks))
	for i := range g.Tasks {
		t := g.Tasks[i]
		alias[i] = int32(i)
		if drop[i] {
			alias[i] = -1
		} else {
			t.Args = preloadArgs(t.Args, values)
		}
		c.Tasks[i] = t
	}
	for _, grp := range c.Groups {
		if grp.Options.When != nil {
			w, _ := preloadArg(*grp.Options.When, values)
			grp.Options.When = &w
		}
	}
	for k := range c.Outputs {
		if v, ok := outputs[k]; ok {
			c.Outputs[k].Value = compiler.Arg{Kind: compiler.Const, Value: v}
			continue
		}
		c.Outputs[k].Value, _ = preloadArg(c.Outputs[k].Value, values)
	}
	return compact(c, alias)
}

// preloadArgs returns args with every reference to a preloaded task replaced
// by its value, copying only when one is.
func preloadArgs(args []compiler.Arg, values map[int32]any) []compiler.Arg {
	var out []compiler.Arg
	for k, a := range args {
		n, changed := preloadArg(a, values)
		if changed && out == nil {
			out = append(make([]compiler.Arg, 0, len(args)), args[:k]...)
		}
		if out != nil {
			out = append(out, n)
		}
	}
	if out == nil {
		return args
	}
	return out
}

// preloadArg is a with references to preloaded tasks replaced by values (a
// spread argument stays spread); changed reports whether any was.
func preloadArg(a compiler.Arg, values map[int32]any) (compiler.Arg, bool) {
	switch a.Kind {
	case compiler.Ref:
		if v, ok := values[a.Ref]; ok {
			return compiler.Arg{Kind: compiler.Const, Spread: a.Spread, Value: v}, true
		}
	case compiler.List, compiler.Map:
		items := make([]compiler.Arg, len(a.Items))
		some := false
		for k, it := range a.Items {
			var ch bool
			items[k], ch = preloadArg(it, values)
			some = some || ch
		}
		if some {
			a.Items = items
			return a, true
		}
	}
	return a, false
}
