package flowdiff

import (
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/spec"
)

// Side is one version of a flow: parsed, and compiled when its params all
// have defaults (Graph nil otherwise: then elements, dependencies and
// options are not compared).
type Side struct {
	Flow  *spec.Flow
	Graph *compiler.Graph
}

// Compare lists what changed from old to new: the flow's name and
// executor, params, tasks (in the new file's order, removed ones after),
// outputs and the schedule, whose next fire times are computed from from.
func Compare(old, new Side, from time.Time) []Change {
	renames := renamedTasks(old.Flow, new.Flow)
	var out []Change
	out = append(out, flowChanges(old.Flow, new.Flow)...)
	out = append(out, paramChanges(old.Flow, new.Flow)...)
	out = append(out, defaultsChanges(old.Flow, new.Flow)...)
	out = append(out, taskChanges(old, new, renames)...)
	out = append(out, outputChanges(old.Flow, new.Flow, renames)...)
	out = append(out, scheduleChanges(old.Flow, new.Flow, from)...)
	return out
}

// flowChanges compares the flow's name and executor.
func flowChanges(old, new *spec.Flow) []Change {
	var out []Change
	if old.Name != new.Name {
		out = append(out, Change{Kind: Changed, Subject: "flow", What: "name", Old: old.Name, New: new.Name, Range: new.Range})
	}
	if a, b := executorText(old.Executor), executorText(new.Executor); a != b {
		r := new.Range
		if new.Executor != nil {
			r = new.Executor.Range
		}
		out = append(out, Change{Kind: Changed, Subject: "flow", What: "executor", Old: a, New: b, Range: r})
	}
	return out
}

// executorText names an executor block: local, dask at its address, or
// dask through a gateway.
func executorText(x *spec.Executor) string {
	switch {
	case x == nil:
		return "default"
	case x.Dask != nil && x.Dask.Gateway != nil:
		return "dask (gateway " + x.Dask.Gateway.Address + ")"
	case x.Dask != nil && x.Dask.Address != "":
		return "dask " + x.Dask.Address
	}
	return x.Kind
}

// defaultsChanges compares the defaults: block option by option, as
// written (every task that does not set the option itself follows it).
func defaultsChanges(old, new *spec.Flow) []Change {
	c := changer{subject: "defaults", at: new.Range}
	nd := new.Node("defaults")
	if nd != nil {
		c.at = spec.RangeOf(new.File, nd)
	}
	options := spec.FieldTable().Child("defaults")
	for options.Ref != nil {
		options = options.Ref
	}
	for _, key := range options.Names() {
		c.field(key, nodeText(old.Node("defaults", key)), nodeText(new.Node("defaults", key)))
	}
	return c.out
}

// nodeText renders a node, "" when absent.
func nodeText(n *yaml.Node) string {
	if n == nil {
		return ""
	}
	return clip(render(n))
}
