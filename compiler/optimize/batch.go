package optimize

import "github.com/flowspec/flowspec/compiler"

// Batch sizes for `batch: auto` and for groups the optimizer batches on its
// own: size / (4 × threads), within these bounds.
const (
	minAutoBatch = 64
	maxAutoBatch = 10000
)

// batch runs a long mapped group as partitions: ceil(size/N) Each tasks of
// N elements each (Group.Stride = N), and one hidden concat task that
// joins their lists back into the group's list. It applies only where
// nothing changes for readers: every reader reads the group's whole list
// (a reduction, an output, an ordering dependency), and those read the
// concat instead. A group is batched when it asks (`batch: N` or `auto`) or,
// without asking, when its operator is pure and cheap (no simulated
// `delay` other than 0), so that a slow task keeps its parallelism.
//
// Options keep their meaning only without per-element retries, timeouts,
// when: and triggers, so groups with any of them are not batched, nor are
// isolated operators (shell), even when asked: each call is a task. A failed
// element fails its batch; the runtime names it from Stride (add[b*N+e]).
func batch(o *optimizer, g *compiler.Graph) (*compiler.Graph, string, error) {
	concat, ok := o.reg.Lookup("concat")
	if !ok {
		return g, "no concat operator registered: nothing batched", nil
	}
	whole, partial := listReads(g)
	plan := make([]int, len(g.Groups))
	n := 0
	for gi, grp := range g.Groups {
		if partial[gi] || whole[gi] == 0 {
			continue
		}
		if size := o.batchSize(g, grp); size > 0 && grp.Size > size {
			plan[gi], n = size, n+1
		}
	}
	if n == 0 {
		return g, "no group to batch", nil
	}
	out := newBatcher(g, plan, concat.Name).run()
	return out, plural(n, "group") + " run as batches", nil
}

// batchSize returns the partition size for grp, or 0 when it must not be
// batched.
func (o *optimizer) batchSize(g *compiler.Graph, grp *compiler.Group) int {
	if grp.Size == 0 {
		return 0
	}
	op, ok := o.op(g, grp)
	t := &g.Tasks[grp.First]
	opts := &grp.Options
	if !ok || op.Isolated || grp.Cache != nil || !grp.Mapped || t.Each || len(op.Params) == 0 || opts.Retries > 0 || opts.Timeout > 0 ||
		opts.When != nil || !defaultTrigger(opts) || !fullIndex(g, grp) {
		return 0
	}
	switch {
	case grp.Batch > 0:
		return grp.Batch
	case grp.Batch == compiler.BatchAuto || op.Pure && o.cheap(g, grp):
		return clamp(grp.Size/(4*o.threads()), minAutoBatch, maxAutoBatch)
	}
	return 0
}

func clamp(v, lo, hi int) int { return min(max(v, lo), hi) }

// fullIndex reports whether grp's elements are 0..Size-1.
func fullIndex(g *compiler.Graph, grp *compiler.Group) bool {
	return g.Tasks[grp.First].Index == 0 && int(g.Tasks[grp.First+grp.Size-1].Index) == grp.Size-1
}

// cheap reports whether no element of grp simulates work with a delay;
// a foreign operator, or a composite calling one, is cheap only when it
// says so (operator.Op.Cheap).
func (o *optimizer) cheap(g *compiler.Graph, grp *compiler.Group) bool {
	op, _ := o.op(g, grp)
	if _, composite := g.Composites[op.Name]; op.Foreign && (!op.Cheap || !composite) {
		return op.Cheap
	}
	for k := range op.Params {
		if !o.isDelay(op, k) {
			continue
		}
		for i := grp.First; i < grp.First+grp.Size; i++ {
			a := &g.Tasks[i].Args[k]
			if a.Kind != compiler.Const || !isZero(a.Value) {
				return false
			}
		}
	}
	return true
}

func isZero(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case int64:
		return x == 0
	case float64:
		return x == 0
	}
	return false
}

// listReads finds, per group, how many arguments read its whole list (a
// List of all its elements in order) and whether anything reads single
// elements of it.
func listReads(g *compiler.Graph) (whole []int, partial []bool) {
	whole, partial = make([]int, len(g.Groups)), make([]bool, len(g.Groups))
	var visit func(a *compiler.Arg)
	visit = func(a *compiler.Arg) {
		if gi, ok := wholeList(g, a); ok {
			whole[gi]++
			return
		}
		if a.Kind == compiler.Ref {
			partial[g.Tasks[a.Ref].Group] = true
		}
		for k := range a.Items {
			visit(&a.Items[k])
		}
	}
	g.RootArgs(visit)
	return whole, partial
}

// wholeList reports whether a is the list of every element of a mapped
// group, in order, and which group.
func wholeList(g *compiler.Graph, a *compiler.Arg) (int, bool) {
	if a.Kind != compiler.List || len(a.Items) == 0 || a.Items[0].Kind != compiler.Ref {
		return 0, false
	}
	gi := g.Tasks[a.Items[0].Ref].Group
	grp := g.Groups[gi]
	if !grp.Mapped || grp.Size != len(a.Items) {
		return 0, false
	}
	for k, it := range a.Items {
		if it.Kind != compiler.Ref || it.Ref != int32(grp.First+k) {
			return 0, false
		}
	}
	return int(gi), true
}
