package optimize

import (
	"reflect"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/operator"
)

// fuse merges a producer group into its consumer when each producer task's
// only reader is the consumer's task of the same element, which reads it
// once as a whole argument: inc[i], dec[i] -> add[i] becomes one task per
// element, add[i], whose operator is a generated composite
// (fused_add_inc_dec, recorded in Graph.Composites) calling inc, dec and
// add in turn.
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
// outputs are never fused, nor tasks of an operator whose first argument is
// code (operator.Op.CodeArg: expr), which executors may compile or
// translate per task and a composite would hide, nor isolated operators
// (operator.Op.Isolated: shell), whose every call stays a task, nor a
// user's Python function unless it is marked pure and batchable, nor a
// producer marked persist: true, whose result the run store keeps by key.
// Chains fuse transitively, since groups are visited in order: each step
// adds one composite node over the previous one (see Composite).
func fuse(o *optimizer, g *compiler.Graph) (*compiler.Graph, string, error) {
	count, last := readers(g)
	alias := make([]int32, len(g.Tasks))
	for i := range alias {
		alias[i] = int32(i)
	}
	fused := 0
	slots := make([][]*compiler.Group, len(g.Groups))
	for gi, grp := range g.Groups {
		if slots[gi] = o.fusableSlots(g, gi, count, last); slots[gi] != nil {
			o.fuseInto(g, grp, slots[gi], alias)
			fused += countSlots(slots[gi])
		}
	}
	ov := rewriteFused(g, slots, alias)
	return compactWith(g, alias, ov.task(g)), plural(fused, "group") + " fused into their consumer", nil
}

// overrides holds the rewritten consumer tasks of fuse beside the graph, so
// the caller's task list is neither changed nor copied whole.
type overrides struct {
	at    []int32 // task -> index in tasks + 1; 0 when not rewritten
	tasks []compiler.Task
	slab  slab
}

// set records the new version of task i.
func (ov *overrides) set(g *compiler.Graph, i int, t compiler.Task) {
	if ov.at == nil {
		ov.at = make([]int32, len(g.Tasks))
	}
	ov.tasks = append(ov.tasks, t)
	ov.at[i] = int32(len(ov.tasks))
}

// task returns a lookup of each task's current version.
func (ov *overrides) task(g *compiler.Graph) func(int) *compiler.Task {
	return func(i int) *compiler.Task {
		if ov.at != nil && ov.at[i] > 0 {
			return &ov.tasks[ov.at[i]-1]
		}
		return &g.Tasks[i]
	}
}

func countSlots(slots []*compiler.Group) int {
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
func (o *optimizer) fusableSlots(g *compiler.Graph, gi int, count, last []int32) []*compiler.Group {
	c := g.Groups[gi]
	cop, ok := o.op(g, c)
	if !ok || c.Size == 0 || !fusableOp(cop) || !fusableOptions(&c.Options) || g.Tasks[c.First].Each {
		return nil
	}
	slots := make([]*compiler.Group, len(cop.Params))
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
func (o *optimizer) producerAt(g *compiler.Graph, c *compiler.Group, k int, count, last []int32) *compiler.Group {
	first := &g.Tasks[c.First].Args[k]
	if first.Kind != compiler.Ref {
		return nil
	}
	p := g.GroupOf(int(first.Ref))
	if p == c || p.Persist || p.Size != c.Size || p.Mapped != c.Mapped || g.Tasks[p.First].Each {
		return nil
	}
	for e := 0; e < c.Size; e++ {
		ci, pi := int32(c.First+e), int32(p.First+e)
		a := &g.Tasks[ci].Args[k]
		if a.Kind != compiler.Ref || a.Ref != pi || count[pi] != 1 || last[pi] != ci ||
			g.Tasks[ci].Index != g.Tasks[pi].Index || readsTwice(&g.Tasks[ci], pi) {
			return nil
		}
	}
	return p
}

// readsTwice reports whether task t reads r in more than one place.
func readsTwice(t *compiler.Task, r int32) bool {
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

// fusableOptions reports whether a group's options allow fusion at all.
func fusableOptions(opts *compiler.Options) bool {
	return opts.When == nil && defaultTrigger(opts) && opts.Timeout == 0
}

// compatible reports whether producer p may run inside consumer c's task.
func (o *optimizer) compatible(g *compiler.Graph, p, c *compiler.Group) bool {
	if !o.fusable(g, p.Op) || !fusableOptions(&p.Options) {
		return false
	}
	pure := o.pure(g, p.Op)
	po, co := p.Options, c.Options
	if !pure && co.Retries > 0 {
		return false // a retry of the fused task would repeat the producer's effects
	}
	po.Idempotent, co.Idempotent = false, false
	if po.Retries == 0 && pure {
		po.Retries, po.RetryDelay, po.Backoff = co.Retries, co.RetryDelay, co.Backoff
	}
	return reflect.DeepEqual(po, co)
}

// fusable reports whether tasks of operator name may be fused: it is
// known, and a composite or an operator fusableOp accepts. It does not
// flatten a composite, so fusing a long chain stays linear.
func (o *optimizer) fusable(g *compiler.Graph, name string) bool {
	if _, ok := g.Composites[name]; ok {
		return true
	}
	op, ok := o.reg.Lookup(name)
	return ok && fusableOp(op)
}

// fusableOp reports whether op may be fused: it takes no code argument, is
// not isolated, and, when foreign (a user's Python function), is marked
// pure and cheap (flowspec_pure and flowspec_batchable), since an unmarked
// function may have effects or cost the optimizer cannot see.
func fusableOp(op *operator.Op) bool {
	return !op.CodeArg && !op.Isolated && (!op.Foreign || op.Pure && op.Cheap)
}

// fuseInto makes consumer group c's operator the composite of its slot
// producers' and marks the producers' tasks dropped; rewriteFused then
// rewrites c's tasks.
func (o *optimizer) fuseInto(g *compiler.Graph, c *compiler.Group, slots []*compiler.Group, alias []int32) {
	inner := make([]string, len(slots))
	for k, p := range slots {
		if p != nil {
			inner[k] = p.Op
		}
	}
	c.Op = o.newComposite(g, c.Op, inner)
	for e := 0; e < c.Size; e++ {
		t := &g.Tasks[c.First+e]
		for k, a := range t.Args {
			if slots[k] != nil {
				alias[a.Ref] = -1
			}
		}
	}
}

// rewriteFused gives each kept task of a fused group its producers'
// arguments in place of its references to them, and their dependencies.
// It runs once, after every group is fused, so a chain's last task gathers
// the arguments of the whole chain once: rewriting each step as it fuses
// would copy the growing list at every step.
func rewriteFused(g *compiler.Graph, slots [][]*compiler.Group, alias []int32) *overrides {
	ov := &overrides{}
	x := &expander{g: g, slots: slots}
	for gi, grp := range g.Groups {
		if slots[gi] == nil {
			continue
		}
		for i := grp.First; i < grp.First+grp.Size; i++ {
			if alias[i] != int32(i) {
				continue // fused further into its own consumer
			}
			x.args, x.deps = x.args[:0], x.deps[:0]
			x.expand(int32(i))
			t := g.Tasks[i]
			t.Args = append(ov.slab.newArgs(len(x.args))[:0], x.args...)
			t.Deps = removeDep(sortUnique(append(ov.slab.newDeps(len(x.deps)), x.deps...)), alias)
			ov.set(g, i, t)
		}
	}
	return ov
}

// expander gathers a fused task's arguments and dependencies.
type expander struct {
	g     *compiler.Graph
	slots [][]*compiler.Group // per group: its fused producers, by parameter
	args  []compiler.Arg
	deps  []int32
}

// expand appends task i's arguments, each fused producer's expanded in
// its place, and their dependencies.
func (x *expander) expand(i int32) {
	t := &x.g.Tasks[i]
	slots := x.slots[t.Group]
	for k := range t.Args {
		if slots != nil && slots[k] != nil {
			x.expand(t.Args[k].Ref)
			continue
		}
		x.args = append(x.args, t.Args[k])
	}
	x.deps = append(x.deps, t.Deps...)
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
