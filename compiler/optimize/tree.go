package optimize

import (
	"fmt"
	"strconv"

	"github.com/flowspec/flowspec/compiler"
)

// treeFanIn is how many inputs one partial reduction reads.
const treeFanIn = 64

// exactTree lists the associative reductions whose tree gives exactly the
// sequential result: concat joins in order, and min and max keep the first
// of equal elements either way (NaN, which compares with nothing and would
// make the grouping matter, is their error). sum is reassociated only at LevelAll: float
// additions in another order may differ in the last bits, and an int
// overflow may show in one order and not the other.
var exactTree = map[string]bool{"concat": true, "min": true, "max": true}

// tree splits an associative reduction over a long list into partial
// reductions of treeFanIn inputs each, then a reduction of the partials,
// recursively: no task reads more than treeFanIn inputs, which keeps a Dask
// scheduler from holding one task with 10^6 dependencies. The partials are
// hidden mapped groups named <task>.tree1, <task>.tree2... placed before the
// reduction. Only unmapped reductions of a pure one-parameter operator are
// split. An error inside a partial names the position within it.
func tree(o *optimizer, g *compiler.Graph) (*compiler.Graph, string, error) {
	var plan []int
	for gi, grp := range g.Groups {
		if o.splittable(g, grp) {
			plan = append(plan, gi)
		}
	}
	if len(plan) == 0 {
		return g, "no long associative reduction", nil
	}
	return newTreeBuilder(g, plan).run(), plural(len(plan), "reduction") + fmt.Sprintf(" split into trees of %d", treeFanIn), nil
}

// splittable reports whether grp is one reduction over a long list.
func (o *optimizer) splittable(g *compiler.Graph, grp *compiler.Group) bool {
	op, ok := o.op(g, grp)
	if !ok || !op.Assoc || !op.Pure || len(op.Params) != 1 || grp.Mapped || grp.Size != 1 {
		return false
	}
	if !exactTree[op.Name] && o.opts.level() != LevelAll {
		return false
	}
	t := &g.Tasks[grp.First]
	a := &t.Args[0]
	return !t.Each && a.Kind == compiler.List && len(a.Items) > treeFanIn
}

// treeBuilder rebuilds a graph with partial reductions inserted.
type treeBuilder struct {
	g      *compiler.Graph
	split  map[int]bool
	out    *compiler.Graph
	newIdx []int32
}

func newTreeBuilder(g *compiler.Graph, plan []int) *treeBuilder {
	tb := &treeBuilder{g: g, split: map[int]bool{}, newIdx: make([]int32, len(g.Tasks))}
	for _, gi := range plan {
		tb.split[gi] = true
	}
	tb.out = &compiler.Graph{Flow: g.Flow, Composites: g.Composites, Tasks: make([]compiler.Task, 0, len(g.Tasks))}
	return tb
}

func (tb *treeBuilder) to(r int32) int32 { return tb.newIdx[r] }

// run copies every group, inserting the partial levels before each split
// reduction.
func (tb *treeBuilder) run() *compiler.Graph {
	for gi, grp := range tb.g.Groups {
		var items []compiler.Arg
		if tb.split[gi] {
			items = tb.levels(grp)
		}
		cp := *grp
		cp.First = len(tb.out.Tasks)
		cp.Options.When = mapWhen(grp.Options.When, tb.to)
		for i := grp.First; i < grp.First+grp.Size; i++ {
			t := tb.g.Tasks[i]
			t.Args, t.Deps, t.Group = mapArgs(t.Args, tb.to), mapDeps(t.Deps, tb.to), int32(len(tb.out.Groups))
			if items != nil {
				t.Deps = replaceArgDeps(tb.g.Tasks[i], items, tb.to)
				if w := cp.Options.When; w != nil {
					eachRef(w, func(r int32) { t.Deps = append(t.Deps, r) })
					t.Deps = sortUnique(t.Deps)
				}
				t.Args = []compiler.Arg{{Kind: compiler.List, Items: items}}
			}
			tb.newIdx[i] = int32(len(tb.out.Tasks))
			tb.out.Tasks = append(tb.out.Tasks, t)
		}
		tb.out.Groups = append(tb.out.Groups, &cp)
	}
	for _, o := range tb.g.Outputs {
		o.Value = mapArg(o.Value, tb.to)
		tb.out.Outputs = append(tb.out.Outputs, o)
	}
	return tb.out
}

// levels emits the partial reductions of grp's list, level by level, and
// returns the items the final reduction reads.
func (tb *treeBuilder) levels(grp *compiler.Group) []compiler.Arg {
	items := mapArg(tb.g.Tasks[grp.First].Args[0], tb.to).Items
	for level := 1; len(items) > treeFanIn; level++ {
		pg := &compiler.Group{Name: grp.Name + ".tree" + strconv.Itoa(level), Op: grp.Op, Mapped: true,
			First: len(tb.out.Tasks), Range: grp.Range, Hidden: true}
		gi := int32(len(tb.out.Groups))
		var next []compiler.Arg
		for start := 0; start < len(items); start += treeFanIn {
			chunk := items[start:min(start+treeFanIn, len(items))]
			var deps []int32
			for k := range chunk {
				eachRef(&chunk[k], func(r int32) { deps = append(deps, r) })
			}
			next = append(next, compiler.Arg{Kind: compiler.Ref, Ref: int32(len(tb.out.Tasks))})
			tb.out.Tasks = append(tb.out.Tasks, compiler.Task{Group: gi, Index: int32(len(next) - 1),
				Args: []compiler.Arg{{Kind: compiler.List, Items: chunk}}, Deps: sortUnique(deps)})
		}
		pg.Size = len(next)
		tb.out.Groups = append(tb.out.Groups, pg)
		items = next
	}
	return items
}

// replaceArgDeps computes the dependencies of reduction t once it reads
// items: its ordering-only and when: dependencies stay, its old argument's
// go.
func replaceArgDeps(t compiler.Task, items []compiler.Arg, to func(int32) int32) []int32 {
	read := map[int32]bool{}
	eachRef(&t.Args[0], func(r int32) { read[r] = true })
	var deps []int32
	for _, d := range t.Deps {
		if !read[d] {
			deps = append(deps, to(d))
		}
	}
	for k := range items {
		eachRef(&items[k], func(r int32) { deps = append(deps, r) })
	}
	return sortUnique(deps)
}
