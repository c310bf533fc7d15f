// Package lint finds what a reviewer would want to know about a valid flow
// though nothing is wrong with it: warnings, each from a named rule, at a
// position, silenced in the file by a comment on the line or the line above:
//
//	# flowspec: ignore[unused-param]
//
// flowspec validate reports them after the errors; they never fail it.
package lint

import (
	"time"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/spec"
)

// Rule is one lint rule: its id (what ignore[...] names) and what it finds.
type Rule struct {
	ID    string
	Doc   string
	check func(in *input) []finding
}

// input is what the rules read: the flow, its graph (nil when it could not
// be compiled without command-line values) and the operators.
type input struct {
	flow  *spec.Flow
	graph *compiler.Graph
	reg   *operator.Registry
	facts Facts
}

// Facts are what the rules may know beyond the file, from the run store:
// the longest of the flow's recently recorded runs (Took 0: none).
type Facts struct {
	LongestRun Recorded
}

// Recorded is one recorded run's id and how long it took.
type Recorded struct {
	ID   string
	Took time.Duration
}

// finding is one warning a rule raises.
type finding struct {
	at      spec.Range
	message string
	hint    string
}

// Rules lists every rule, in the order their warnings are checked.
var Rules = []Rule{
	unreadTask,
	singleElementMap,
	retryNotIdempotent,
	scheduleOverlap,
	unusedParam,
}

// Check runs every rule over a valid flow and returns its warnings, less
// those an ignore comment silences. g may be nil; the rules that need the
// compiled graph are then skipped. facts may be empty.
func Check(flow *spec.Flow, g *compiler.Graph, reg *operator.Registry, facts Facts) spec.Diagnostics {
	in := &input{flow: flow, graph: g, reg: reg, facts: facts}
	ignores := ignored(flow.Source)
	var ds spec.Diagnostics
	for _, r := range Rules {
		for _, f := range r.check(in) {
			if ignores.silences(f.at.Start.Line, r.ID) {
				continue
			}
			hint := f.hint + "; or silence it with # flowspec: ignore[" + r.ID + "]"
			ds.Warnf(f.at, hint, "%s [%s]", f.message, r.ID)
		}
	}
	return ds.Sort()
}
