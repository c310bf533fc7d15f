package optimize

import (
	"maps"
	"slices"

	"github.com/flowspec/flowspec/compiler"
)

// This file holds the graph surgery the optimizer passes share.

// clone copies g's groups, outputs and operators so passes may change
// them. Tasks are shared with the caller: passes build new task lists and
// never write into the old one, nor into Args slices.
func clone(g *compiler.Graph) *compiler.Graph {
	c := &compiler.Graph{Flow: g.Flow, Tasks: g.Tasks, Outputs: slices.Clone(g.Outputs), Composites: maps.Clone(g.Composites)}
	c.Groups = make([]*compiler.Group, len(g.Groups))
	for i, grp := range g.Groups {
		cp := *grp
		c.Groups[i] = &cp
	}
	return c
}

// eachRef calls f for every task a reads.
func eachRef(a *compiler.Arg, f func(int32)) {
	switch a.Kind {
	case compiler.Ref:
		f(a.Ref)
	case compiler.List, compiler.Map:
		for k := range a.Items {
			eachRef(&a.Items[k], f)
		}
	}
}

// mapArg returns a with every reference r replaced by to(r); it copies only
// the parts that hold references.
func mapArg(a compiler.Arg, to func(int32) int32) compiler.Arg {
	switch a.Kind {
	case compiler.Ref:
		a.Ref = to(a.Ref)
	case compiler.List, compiler.Map:
		items := make([]compiler.Arg, len(a.Items))
		for k, it := range a.Items {
			items[k] = mapArg(it, to)
		}
		a.Items = items
	}
	return a
}

// mapArgs applies mapArg to each of args, in a new slice.
func mapArgs(args []compiler.Arg, to func(int32) int32) []compiler.Arg {
	out := make([]compiler.Arg, len(args))
	for k, a := range args {
		out[k] = mapArg(a, to)
	}
	return out
}

// mapDeps maps deps through to, dropping those mapped to -1, sorted and
// unique.
func mapDeps(deps []int32, to func(int32) int32) []int32 {
	out := make([]int32, 0, len(deps))
	for _, d := range deps {
		if n := to(d); n >= 0 {
			out = append(out, n)
		}
	}
	return sortUnique(out)
}

// sortUnique sorts ds and drops repeats, in place.
func sortUnique(ds []int32) []int32 {
	if !slices.IsSorted(ds) {
		slices.Sort(ds)
	}
	return slices.Compact(ds)
}

// compact returns g without the tasks not kept: alias[i] == i keeps task i;
// alias[i] == j (j < i, kept) redirects every reader of i to j; -1 drops a
// task nothing reads any more. Groups the pass emptied are dropped; element
// indices are kept, so keys stay stable.
func compact(g *compiler.Graph, alias []int32) *compiler.Graph {
	return compactWith(g, alias, func(i int) *compiler.Task { return &g.Tasks[i] })
}

// compactWith is compact reading each task's current version from task.
func compactWith(g *compiler.Graph, alias []int32, task func(int) *compiler.Task) *compiler.Graph {
	newIdx := make([]int32, len(g.Tasks))
	n := int32(0)
	for i, a := range alias {
		switch {
		case a == int32(i):
			newIdx[i] = n
			n++
		case a >= 0:
			newIdx[i] = newIdx[a]
		default:
			newIdx[i] = -1
		}
	}
	if int(n) == len(g.Tasks) {
		return g
	}
	to := func(r int32) int32 { return newIdx[r] }
	out := &compiler.Graph{Flow: g.Flow, Composites: g.Composites, Tasks: make([]compiler.Task, 0, n)}
	var slab slab
	groupIdx := make([]int32, len(g.Groups))
	for gi, grp := range g.Groups {
		groupIdx[gi] = -1
		first := len(out.Tasks)
		for i := grp.First; i < grp.First+grp.Size; i++ {
			if alias[i] != int32(i) {
				continue
			}
			t := *task(i)
			t.Args, t.Deps = slab.mapArgs(t.Args, to), slab.mapDeps(t.Deps, to)
			t.Group = int32(len(out.Groups))
			out.Tasks = append(out.Tasks, t)
		}
		if len(out.Tasks) == first && grp.Size > 0 {
			continue // emptied by the pass; a map over an empty list stays
		}
		cp := *grp
		cp.First, cp.Size = first, len(out.Tasks)-first
		cp.Options.When = mapWhen(cp.Options.When, to)
		groupIdx[gi] = int32(len(out.Groups))
		out.Groups = append(out.Groups, &cp)
	}
	for _, o := range g.Outputs {
		o.Value = mapArg(o.Value, to)
		out.Outputs = append(out.Outputs, o)
	}
	return out
}

// mapWhen maps the references of a when: condition.
func mapWhen(w *compiler.Arg, to func(int32) int32) *compiler.Arg {
	if w == nil {
		return nil
	}
	m := mapArg(*w, to)
	return &m
}

// readers counts, for each task, the tasks that depend on it (ordering-only
// dependencies included) and remembers the last one; outputs count as a
// reader with no task (-1).
func readers(g *compiler.Graph) (count []int32, last []int32) {
	count, last = make([]int32, len(g.Tasks)), make([]int32, len(g.Tasks))
	for i := range g.Tasks {
		for _, d := range g.Tasks[i].Deps {
			count[d]++
			last[d] = int32(i)
		}
	}
	for _, o := range g.Outputs {
		eachRef(&o.Value, func(r int32) { count[r]++; last[r] = -1 })
	}
	return count, last
}

// defaultTrigger reports whether a trigger is all_success, the default.
func defaultTrigger(o *compiler.Options) bool {
	return o.Trigger == "" || o.Trigger == "all_success"
}

// slab hands out Arg and dependency slices from large blocks, so rewriting
// a million tasks costs a few hundred allocations instead of millions.
type slab struct {
	args         []compiler.Arg
	deps         []int32
	nargs, ndeps int // size of the last block: blocks double up to slabBlock
}

const slabBlock = 64 << 10

// grow returns the next block size after last, at least n.
func grow(last *int, n int) int {
	*last = min(max(2**last, 256), slabBlock)
	return max(n, *last)
}

// newArgs returns a zeroed slice of n Args.
func (s *slab) newArgs(n int) []compiler.Arg {
	if n > len(s.args) {
		s.args = make([]compiler.Arg, grow(&s.nargs, n))
	}
	out := s.args[:n:n]
	s.args = s.args[n:]
	return out
}

// newDeps returns an empty slice with room for n dependencies.
func (s *slab) newDeps(n int) []int32 {
	if n > len(s.deps) {
		s.deps = make([]int32, grow(&s.ndeps, n))
	}
	out := s.deps[:0:n]
	s.deps = s.deps[n:]
	return out
}

// mapArgs is mapArgs with the result taken from the slab; arguments without
// references are shared, not copied.
func (s *slab) mapArgs(args []compiler.Arg, to func(int32) int32) []compiler.Arg {
	if constArgs(args) {
		return args
	}
	out := s.newArgs(len(args))
	for k, a := range args {
		out[k] = mapArg(a, to)
	}
	return out
}

// mapDeps is mapDeps with the result taken from the slab.
func (s *slab) mapDeps(deps []int32, to func(int32) int32) []int32 {
	out := s.newDeps(len(deps))
	for _, d := range deps {
		if n := to(d); n >= 0 {
			out = append(out, n)
		}
	}
	return sortUnique(out)
}

// constArgs reports whether args hold no references (only constants), so
// renumbering tasks leaves them unchanged.
func constArgs(args []compiler.Arg) bool {
	for k := range args {
		if args[k].Kind != compiler.Const {
			return false
		}
	}
	return true
}
