package optimize

import (
	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/value"
)

// batcher rebuilds a graph with the groups batch chose replaced by their
// batches and a concat each.
type batcher struct {
	g      *compiler.Graph
	plan   []int // per group: partition size, 0 to keep
	concat string
	out    *compiler.Graph
	newIdx []int32 // old task -> new task (a batched element -> its concat)
	joined []int32 // old group -> its concat task, -1 when not batched
}

func newBatcher(g *compiler.Graph, plan []int, concat string) *batcher {
	b := &batcher{g: g, plan: plan, concat: concat, newIdx: make([]int32, len(g.Tasks)), joined: make([]int32, len(g.Groups))}
	n := 0
	for gi, grp := range g.Groups {
		if size := plan[gi]; size > 0 {
			n += (grp.Size+size-1)/size + 1
		} else {
			n += grp.Size
		}
	}
	b.out = &compiler.Graph{Flow: g.Flow, Composites: g.Composites, Tasks: make([]compiler.Task, 0, n)}
	return b
}

// run emits every group in order, batched or rewritten.
func (b *batcher) run() *compiler.Graph {
	for gi, grp := range b.g.Groups {
		b.joined[gi] = -1
		if b.plan[gi] > 0 {
			b.emitBatched(grp, b.plan[gi])
			b.joined[gi] = int32(len(b.out.Tasks) - 1)
			continue
		}
		cp := *grp
		cp.First = len(b.out.Tasks)
		cp.Options.When = b.mapWhen(grp.Options.When)
		for i := grp.First; i < grp.First+grp.Size; i++ {
			t := b.g.Tasks[i]
			t.Args, t.Deps, t.Group = b.mapArgs(t.Args), mapDeps(t.Deps, b.to), int32(len(b.out.Groups))
			b.newIdx[i] = int32(len(b.out.Tasks))
			b.out.Tasks = append(b.out.Tasks, t)
		}
		b.out.Groups = append(b.out.Groups, &cp)
	}
	for _, o := range b.g.Outputs {
		o.Value = b.mapArg(o.Value)
		b.out.Outputs = append(b.out.Outputs, o)
	}
	return b.out
}

func (b *batcher) to(r int32) int32 { return b.newIdx[r] }

// mapArg rewrites a: a batched group's whole list becomes its concat.
func (b *batcher) mapArg(a compiler.Arg) compiler.Arg {
	if gi, ok := wholeList(b.g, &a); ok && b.joined[gi] >= 0 {
		return compiler.Arg{Kind: compiler.Ref, Ref: b.joined[gi], Spread: a.Spread}
	}
	switch a.Kind {
	case compiler.Ref:
		a.Ref = b.newIdx[a.Ref]
	case compiler.List, compiler.Map:
		items := make([]compiler.Arg, len(a.Items))
		for k, it := range a.Items {
			items[k] = b.mapArg(it)
		}
		a.Items = items
	}
	return a
}

func (b *batcher) mapArgs(args []compiler.Arg) []compiler.Arg {
	out := make([]compiler.Arg, len(args))
	for k, a := range args {
		out[k] = b.mapArg(a)
	}
	return out
}

func (b *batcher) mapWhen(w *compiler.Arg) *compiler.Arg {
	if w == nil {
		return nil
	}
	m := b.mapArg(*w)
	return &m
}

// emitBatched emits grp's batches as one mapped group named like grp, then
// a hidden group holding the concat of their lists.
func (b *batcher) emitBatched(grp *compiler.Group, size int) {
	bg := *grp
	bg.First, bg.Stride = len(b.out.Tasks), size
	gi := int32(len(b.out.Groups))
	var refs []compiler.Arg
	for start, n := 0, 0; start < grp.Size; start, n = start+size, n+1 {
		end := min(start+size, grp.Size)
		t := b.batchTask(grp, start, end)
		t.Group, t.Index = gi, int32(n)
		refs = append(refs, compiler.Arg{Kind: compiler.Ref, Ref: int32(len(b.out.Tasks))})
		b.out.Tasks = append(b.out.Tasks, t)
	}
	bg.Size = len(refs)
	b.out.Groups = append(b.out.Groups, &bg)
	cg := &compiler.Group{Name: grp.Name + ".concat", Op: b.concat, First: len(b.out.Tasks), Size: 1, Range: grp.Range, Hidden: true}
	deps := make([]int32, len(refs))
	for k, r := range refs {
		deps[k] = r.Ref
	}
	b.out.Tasks = append(b.out.Tasks, compiler.Task{Group: int32(len(b.out.Groups)), Index: -1, Args: []compiler.Arg{{Kind: compiler.List, Items: refs}}, Deps: deps})
	b.out.Groups = append(b.out.Groups, cg)
	concatIdx := int32(len(b.out.Tasks) - 1)
	for i := grp.First; i < grp.First+grp.Size; i++ {
		b.newIdx[i] = concatIdx
	}
}

// batchTask is the Each task for elements [start, end) of grp: an argument
// the same for all of them is passed once, any other spreads as the list
// of the elements' arguments.
func (b *batcher) batchTask(grp *compiler.Group, start, end int) compiler.Task {
	elems := b.g.Tasks[grp.First+start : grp.First+end]
	nargs := len(elems[0].Args)
	t := compiler.Task{Each: true, Args: make([]compiler.Arg, nargs)}
	var deps []int32
	for _, e := range elems {
		deps = append(deps, e.Deps...)
	}
	spread := false
	for k := 0; k < nargs; k++ {
		if b.uniform(elems, k) && (spread || k < nargs-1) {
			t.Args[k] = b.mapArg(elems[0].Args[k])
			continue
		}
		t.Args[k], spread = b.spreadArg(elems, k), true
	}
	t.Deps = mapDeps(deps, b.to)
	return t
}

// uniform reports whether every element passes the same argument k.
func (b *batcher) uniform(elems []compiler.Task, k int) bool {
	first := &elems[0].Args[k]
	if first.Kind != compiler.Const && first.Kind != compiler.Ref {
		return false
	}
	for e := 1; e < len(elems); e++ {
		a := &elems[e].Args[k]
		if a.Kind != first.Kind || a.Kind == compiler.Ref && a.Ref != first.Ref || a.Kind == compiler.Const && !value.Identical(a.Value, first.Value) {
			return false
		}
	}
	return true
}

// spreadArg is argument k of elems as one spread list: a constant when
// every element's is one, else a list of their arguments.
func (b *batcher) spreadArg(elems []compiler.Task, k int) compiler.Arg {
	vals := make([]any, len(elems))
	for e := range elems {
		a := &elems[e].Args[k]
		if a.Kind != compiler.Const {
			vals = nil
			break
		}
		vals[e] = a.Value
	}
	if vals != nil {
		return compiler.Arg{Kind: compiler.Const, Value: vals, Spread: true}
	}
	items := make([]compiler.Arg, len(elems))
	for e := range elems {
		items[e] = b.mapArg(elems[e].Args[k])
	}
	return compiler.Arg{Kind: compiler.List, Items: items, Spread: true}
}
