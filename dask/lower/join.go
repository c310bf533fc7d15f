package lower

import "github.com/flowspec/flowspec/compiler"

// Joins: the optimizer's batches (Each tasks) hand their results in a
// holder (batch_of in pickle_runtime.py), which Dask moves between workers
// as one pickle rather than one frame per element, and the hidden concat
// over them (with its tree partials) runs the runtime's join, which opens
// the holders. A join read only by other joins passes a holder on; one the
// flow reads returns the list.
const (
	notJoin = iota
	partialJoin
	wholeJoin
)

// findJoins classifies every group: a hidden concat whose inputs are all
// batches or joins is a join, whole when anything else reads it. It also
// reports which groups of Each tasks only joins read: those hand their
// results in a holder; any other Each task's list is the flow's value. A
// group with a marked task (outcome.go: a trigger reads it) is never a
// join: its outcome task calls concat on plain lists, markers read as None.
func findJoins(g *compiler.Graph, ops []string, marked []bool) (joins []int8, held []bool) {
	joins = make([]int8, len(g.Groups))
	held = make([]bool, len(g.Groups))
	for gi, gr := range g.Groups {
		if hasMarked(gr, marked) {
			continue
		}
		if gr.Hidden && ops[gi] == "concat" && joinsBatches(g, gr, joins) {
			joins[gi] = partialJoin
		}
	}
	var visit func(a *compiler.Arg)
	visit = func(a *compiler.Arg) {
		if a.Kind == compiler.Ref {
			gi := g.Tasks[a.Ref].Group
			if joins[gi] != notJoin {
				joins[gi] = wholeJoin
			}
			held[gi] = false
		}
		for k := range a.Items {
			visit(&a.Items[k])
		}
	}
	for i := range g.Tasks {
		if joins[g.Tasks[i].Group] != notJoin {
			for _, it := range g.Tasks[i].Args[0].Items {
				src := &g.Tasks[it.Ref]
				held[src.Group] = held[src.Group] || src.Each
			}
		}
	}
	for i := range g.Tasks {
		if joins[g.Tasks[i].Group] != notJoin {
			continue
		}
		for k := range g.Tasks[i].Args {
			visit(&g.Tasks[i].Args[k])
		}
	}
	for _, gr := range g.Groups {
		if gr.Options.When != nil {
			visit(gr.Options.When)
		}
	}
	for k := range g.Outputs {
		visit(&g.Outputs[k].Value)
	}
	return joins, held
}

// joinsBatches reports whether every task of gr concatenates a list of
// batches or joins only.
func joinsBatches(g *compiler.Graph, gr *compiler.Group, joins []int8) bool {
	for i := gr.First; i < gr.First+gr.Size; i++ {
		t := &g.Tasks[i]
		if len(t.Args) != 1 || t.Args[0].Kind != compiler.List || t.Args[0].Spread || len(t.Args[0].Items) == 0 {
			return false
		}
		for _, it := range t.Args[0].Items {
			if it.Kind != compiler.Ref {
				return false
			}
			if src := &g.Tasks[it.Ref]; !src.Each && joins[src.Group] == notJoin {
				return false
			}
		}
	}
	return true
}

// hasMarked reports whether some task of gr is marked.
func hasMarked(gr *compiler.Group, marked []bool) bool {
	for i := gr.First; i < gr.First+gr.Size && marked != nil; i++ {
		if marked[i] {
			return true
		}
	}
	return false
}
