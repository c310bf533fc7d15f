package compiler

import (
	"reflect"
	"slices"

	"github.com/flowspec/flowspec/operator"
)

// fuse merges a producer group into its consumer when each producer task's
// only reader is the consumer's task of the same element, which reads it
// once as a whole argument: inc[i], dec[i] -> add[i] becomes one task per
// element, add[i], whose operator is a generated composite
// (fused_add_inc_dec, put in Graph.Ops) calling inc, dec and add in turn.
// The consumer keeps its group name, so keys and dashboards stay readable;
// an error names the inner operator ("inc: ...") and the key the element.
//
// Fusion is per group, all elements or none, and only when it cannot change
// what options mean: neither group has when: or a non-default trigger or a
// timeout (a timeout would then cover both calls), and their retries,
// priority, resources and workers are equal, except that a pure producer
// without retries may join a consumer that retries (running a pure
// operator again is harmless); a producer with effects never joins a
// consumer that retries, since a retry would repeat them. Each tasks and
// outputs are never fused.
// Chains fuse transitively, since groups are visited in order.
func fuse(o *optimizer, g *Graph) (*Graph, string, error) {
	count, last := readers(g)
	alias := make([]int32, len(g.Tasks))
	for i := range alias {
		alias[i] = int32(i)
	}
	fused := 0
	ov := &overrides{}
	for gi, grp := range g.Groups {
		slots := o.fusableSlots(g, gi, count, last)
		if slots == nil {
			continue
		}
		o.fuseInto(g, grp, slots, alias, ov)
		fused += countSlots(slots)
	}
	return compactWith(g, alias, ov.task(g)), plural(fused, "group") + " fused into their consumer", nil
}

// overrides holds the rewritten consumer tasks of fuse beside the graph, so
// the caller's task list is neither changed nor copied whole.
type overrides struct {
	at    []int32 // task -> index in tasks + 1; 0 when not rewritten
	tasks []Task
	slab  slab
}

// set records the new version of task i.
func (ov *overrides) set(g *Graph, i int, t Task) {
	if ov.at == nil {
		ov.at = make([]int32, len(g.Tasks))
	}
	ov.tasks = append(ov.tasks, t)
	ov.at[i] = int32(len(ov.tasks))
}

// task returns a lookup of each task's current version.
func (ov *overrides) task(g *Graph) func(int) *Task {
	return func(i int) *Task {
		if ov.at != nil && ov.at[i] > 0 {
			return &ov.tasks[ov.at[i]-1]
		}
		return &g.Tasks[i]
	}
}

func countSlots(slots []*Group) int {
	n := 0
	for _, s := range slots {
		if s != nil {
			n++
		}
	}
	return n
}

// fusableSlots returns, per parameter of group gi's operator, the producer
// group that can be fused into it there, or nil when none can.
func (o *optimizer) fusableSlots(g *Graph, gi int, count, last []int32) []*Group {
	c := g.Groups[gi]
	cop, ok := o.op(g, c)
	if !ok || c.Size == 0 || translatedPerTask(cop) || !fusableOptions(&c.Options) || g.Tasks[c.First].Each {
		return nil
	}
	slots := make([]*Group, len(cop.Params))
	any := false
	for k := range slots {
		p := o.producerAt(g, c, k, count, last)
		if p != nil && o.compatible(g, p, c) {
			slots[k], any = p, true
		}
	}
	if !any {
		return nil
	}
	return slots
}

// producerAt returns the group whose element i every consumer element i
// reads, and only reads, as its argument k, if that group has no other
// reader.
func (o *optimizer) producerAt(g *Graph, c *Group, k int, count, last []int32) *Group {
	first := &g.Tasks[c.First].Args[k]
	if first.Kind != Ref {
		return nil
	}
	p := g.GroupOf(int(first.Ref))
	if p == c || p.Size != c.Size || p.Mapped != c.Mapped || g.Tasks[p.First].Each {
		return nil
	}
	for e := 0; e < c.Size; e++ {
		ci, pi := int32(c.First+e), int32(p.First+e)
		a := &g.Tasks[ci].Args[k]
		if a.Kind != Ref || a.Ref != pi || count[pi] != 1 || last[pi] != ci ||
			g.Tasks[ci].Index != g.Tasks[pi].Index || readsTwice(&g.Tasks[ci], pi) {
			return nil
		}
	}
	return p
}

// readsTwice reports whether task t reads r in more than one place.
func readsTwice(t *Task, r int32) bool {
	n := 0
	for k := range t.Args {
		eachRef(&t.Args[k], func(x int32) {
			if x == r {
				n++
			}
		})
	}
	return n > 1
}

// translatedPerTask reports whether an executor rewrites op's arguments per
// task (the Dask lowering translates an expr task's expr-lang source into
// Python), which a composite operator would hide: such tasks stay unfused.
func translatedPerTask(op *operator.Op) bool { return op.Name == "expr" }

// fusableOptions reports whether a group's options allow fusion at all.
func fusableOptions(opts *Options) bool {
	return opts.When == nil && defaultTrigger(opts) && opts.Timeout == 0
}

// compatible reports whether producer p may run inside consumer c's task.
func (o *optimizer) compatible(g *Graph, p, c *Group) bool {
	pop, ok := o.op(g, p)
	if !ok || !fusableOptions(&p.Options) || translatedPerTask(pop) {
		return false
	}
	po, co := p.Options, c.Options
	if !pop.Pure && co.Retries > 0 {
		return false // a retry of the fused task would repeat the producer's effects
	}
	po.Idempotent, co.Idempotent = false, false
	if po.Retries == 0 && pop.Pure {
		po.Retries, po.RetryDelay, po.Backoff = co.Retries, co.RetryDelay, co.Backoff
	}
	return reflect.DeepEqual(po, co)
}

// fuseInto rewrites consumer group c so each task also computes its slot
// producers' elements, and drops the producers' tasks.
func (o *optimizer) fuseInto(g *Graph, c *Group, slots []*Group, alias []int32, ov *overrides) {
	task, s := ov.task(g), &ov.slab
	ov.tasks = slices.Grow(ov.tasks, c.Size)
	outer, _ := o.op(g, c)
	inner := make([]*operator.Op, len(slots))
	for k, p := range slots {
		if p != nil {
			inner[k], _ = o.op(g, p)
		}
	}
	op := o.newComposite(outer, inner)
	if g.Ops == nil {
		g.Ops = map[string]*operator.Op{}
	}
	g.Ops[op.Name] = op
	c.Op = op.Name
	for e := 0; e < c.Size; e++ {
		ci := c.First + e
		t := *task(ci)
		nargs, ndeps := len(t.Args), len(t.Deps)
		for k, a := range t.Args {
			if slots[k] != nil {
				nargs += len(task(int(a.Ref)).Args) - 1
				ndeps += len(task(int(a.Ref)).Deps)
			}
		}
		args, deps := s.newArgs(nargs)[:0], append(s.newDeps(ndeps), t.Deps...)
		for k, a := range t.Args {
			if slots[k] == nil {
				args = append(args, a)
				continue
			}
			pt := task(int(a.Ref))
			args = append(args, pt.Args...)
			deps = append(deps, pt.Deps...)
			alias[a.Ref] = -1
		}
		t.Args = args
		t.Deps = removeDep(sortUnique(deps), alias)
		ov.set(g, ci, t)
	}
}

// removeDep drops the dependencies on tasks that fusion removed.
func removeDep(deps []int32, alias []int32) []int32 {
	out := deps[:0]
	for _, d := range deps {
		if alias[d] >= 0 {
			out = append(out, d)
		}
	}
	return out
}
