package runtime

import (
	"errors"
	"fmt"
	"math"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/operator"
)

// plan is what the local executor derives from a Graph before running it: the
// operator of each group, the reverse edges and the ready-queue rank of each
// group. It is read-only while the run goes on.
type plan struct {
	g   *compiler.Graph
	ops []*operator.Op // by group
	// composed is each group's composite implementation (nil for a
	// registered operator) and kernels its integer kernel (nil for none),
	// for Each tasks.
	composed []*composed
	kernels  []*kernel
	// rank is each group's ready-queue key prefix: higher priority, lower rank.
	rank []uint64
	// dependents of task i are edges[offsets[i]:offsets[i+1]], ascending: a
	// compressed sparse row layout, two int32 arrays for the whole graph
	// instead of a slice header per task.
	offsets []int32
	edges   []int32
	pinned  bitset // tasks whose results Graph.Outputs read
}

// newPlan checks g against reg and builds the plan. The checks catch graphs
// no compiler should produce (an unknown operator, a dependency after its
// dependent, an argument read without a dependency edge), so a bug there
// gives a clear message instead of a hang or a data race.
func newPlan(g *compiler.Graph, reg *operator.Registry) (*plan, error) {
	if len(g.Tasks) >= math.MaxInt32 {
		return nil, fmt.Errorf("graph has %d tasks; the local executor runs at most %d", len(g.Tasks), math.MaxInt32-1)
	}
	p := &plan{g: g, pinned: newBitset(len(g.Tasks))}
	if err := p.lookupOps(reg); err != nil {
		return nil, err
	}
	if err := p.check(); err != nil {
		return nil, err
	}
	if err := p.buildDependents(); err != nil {
		return nil, err
	}
	for _, o := range g.Outputs {
		if err := p.pin(o.Value); err != nil {
			return nil, fmt.Errorf("%s: output %s: %w", o.Range, o.Name, err)
		}
	}
	return p, nil
}

// lookupOps resolves each group's operator and ready-queue rank.
func (p *plan) lookupOps(reg *operator.Registry) error {
	p.ops = make([]*operator.Op, len(p.g.Groups))
	p.rank = make([]uint64, len(p.g.Groups))
	p.composed = make([]*composed, len(p.g.Groups))
	p.kernels = make([]*kernel, len(p.g.Groups))
	byName := map[string]int{} // a composite is composed once
	for i, grp := range p.g.Groups {
		if first, ok := byName[grp.Op]; ok {
			p.ops[i], p.composed[i], p.kernels[i] = p.ops[first], p.composed[first], p.kernels[first]
		} else {
			op, comp, err := lookupOp(p.g, reg, grp.Op)
			if err != nil {
				return fmt.Errorf("%s: task %s: %w", grp.Range, grp.Name, err)
			}
			p.ops[i], p.composed[i], p.kernels[i] = op, comp, newKernel(op, comp)
			byName[grp.Op] = i
		}
		if err := checkTrigger(grp.Options.Trigger); err != nil {
			return fmt.Errorf("%s: task %s: %w", grp.Range, grp.Name, err)
		}
		p.rank[i] = priorityRank(grp.Options.Priority)
	}
	return nil
}

// priorityRank maps a priority to a key prefix that sorts higher priorities
// first, clamping to the int32 range.
func priorityRank(prio int) uint64 {
	prio = max(math.MinInt32, min(math.MaxInt32, prio))
	return uint64(int64(math.MaxInt32)-int64(prio)) << 32
}

// check verifies each task's group, arity, dependencies and references. It
// stamps each task's dependencies in a scratch array so that checking that
// every reference is also a dependency costs one pass.
func (p *plan) check() error {
	stamp := make([]int32, len(p.g.Tasks))
	for i := range p.g.Tasks {
		if err := p.checkTask(int32(i), stamp); err != nil {
			return err
		}
	}
	return nil
}

func (p *plan) checkTask(i int32, stamp []int32) error {
	t := &p.g.Tasks[i]
	if t.Group < 0 || int(t.Group) >= len(p.g.Groups) {
		return fmt.Errorf("task %d names group %d, which does not exist", i, t.Group)
	}
	grp, op := p.g.Groups[t.Group], p.ops[t.Group]
	where := func(format string, args ...any) error {
		return fmt.Errorf("%s: task %s (%s): %s", grp.Range, p.g.Key(int(i)), grp.Op, fmt.Sprintf(format, args...))
	}
	if len(t.Args) != len(op.Params) {
		return where("has %d arguments but the operator takes %d", len(t.Args), len(op.Params))
	}
	for _, d := range t.Deps {
		if d < 0 || d >= i {
			return where("depends on task %d, which does not come before it in the graph", d)
		}
		stamp[d] = i + 1
	}
	spread := false
	for k := range t.Args {
		if err := checkRefs(&t.Args[k], stamp, i); err != nil {
			return where("argument %q: %v", op.Params[k].Name, err)
		}
		spread = spread || t.Args[k].Spread
	}
	if t.Each && !spread {
		return where("maps over its arguments but none is marked to spread")
	}
	if w := grp.Options.When; w != nil {
		if err := checkRefs(w, stamp, i); err != nil {
			return where("when: %v", err)
		}
	}
	return nil
}

// checkRefs reports a reference in a that is not a dependency of task i.
func checkRefs(a *compiler.Arg, stamp []int32, i int32) error {
	switch a.Kind {
	case compiler.Ref:
		if a.Ref < 0 || a.Ref >= i || stamp[a.Ref] != i+1 {
			return fmt.Errorf("reads task %d without depending on it", a.Ref)
		}
	case compiler.List, compiler.Map:
		for k := range a.Items {
			if err := checkRefs(&a.Items[k], stamp, i); err != nil {
				return err
			}
		}
	}
	return nil
}

// buildDependents fills the CSR arrays from each task's Deps.
func (p *plan) buildDependents() error {
	n := len(p.g.Tasks)
	p.offsets = make([]int32, n+1)
	total := 0
	for i := range p.g.Tasks {
		for _, d := range p.g.Tasks[i].Deps {
			p.offsets[d+1]++
		}
		total += len(p.g.Tasks[i].Deps)
	}
	if total >= math.MaxInt32 {
		return fmt.Errorf("graph has %d dependency edges; the local executor handles at most %d", total, math.MaxInt32-1)
	}
	for i := 1; i <= n; i++ {
		p.offsets[i] += p.offsets[i-1]
	}
	p.edges = make([]int32, total)
	// Fill using offsets[d] as a cursor, which leaves offsets[d] at the start
	// of d+1; shifting right by one restores the starts.
	for i := range p.g.Tasks {
		for _, d := range p.g.Tasks[i].Deps {
			p.edges[p.offsets[d]] = int32(i)
			p.offsets[d]++
		}
	}
	copy(p.offsets[1:], p.offsets[:n])
	p.offsets[0] = 0
	return nil
}

// dependents returns the tasks that depend on task i, ascending.
func (p *plan) dependents(i int32) []int32 {
	return p.edges[p.offsets[i]:p.offsets[i+1]]
}

// pin marks every task a references as needed after the run.
func (p *plan) pin(a compiler.Arg) error {
	switch a.Kind {
	case compiler.Ref:
		if a.Ref < 0 || int(a.Ref) >= len(p.g.Tasks) {
			return fmt.Errorf("reads task %d, which does not exist", a.Ref)
		}
		p.pinned.set(a.Ref)
	case compiler.List, compiler.Map:
		for _, it := range a.Items {
			if err := p.pin(it); err != nil {
				return err
			}
		}
	}
	return nil
}

// group returns the group of task i.
func (p *plan) group(i int32) *compiler.Group { return p.g.Groups[p.g.Tasks[i].Group] }

// taskError builds the TaskError of task i with message msg.
func (p *plan) taskError(i int32, msg string) *TaskError {
	grp := p.group(i)
	return &TaskError{Key: p.g.Key(int(i)), Op: grp.Op, Message: msg, Pos: grp.Range.String()}
}

// taskErrorOf builds task i's error from the error its attempt returned. A
// batch task (Group.Stride > 0) runs consecutive elements of the mapped task
// the user wrote, so its failures name that element (ratio[537]), not the
// batch and the offset inside it.
func (p *plan) taskErrorOf(i int32, err error) *TaskError {
	var ee elementError
	grp := p.group(i)
	if grp.Stride <= 0 || !errors.As(err, &ee) {
		return p.taskError(i, err.Error())
	}
	te := p.taskError(i, ee.err.Error())
	te.Key.Index = int(p.g.Tasks[i].Index)*grp.Stride + ee.index
	return te
}

// checkTrigger rejects trigger names the executor does not know.
func checkTrigger(t compiler.Trigger) error {
	switch t {
	case "", compiler.TriggerAllSuccess, compiler.TriggerAllDone, compiler.TriggerAnyFailed:
		return nil
	}
	return fmt.Errorf("unknown trigger %q (want all_success, all_done or any_failed)", t)
}

// bitset is a fixed-size set of task indices.
type bitset []uint64

func newBitset(n int) bitset      { return make(bitset, (n+63)/64) }
func (b bitset) set(i int32)      { b[i>>6] |= 1 << (uint(i) & 63) }
func (b bitset) clear(i int32)    { b[i>>6] &^= 1 << (uint(i) & 63) }
func (b bitset) has(i int32) bool { return b[i>>6]&(1<<(uint(i)&63)) != 0 }
