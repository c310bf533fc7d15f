package compiler

import "math"

// Expand returns g with the tasks of its rule groups made (see Rule): a
// group gets one task per element when stride(gi) is 0, else one Each task
// per stride(gi) consecutive elements (Group.Stride) and, when its whole
// list is read, a hidden concat task (operator concat) that joins them, as
// the optimizer's batch pass does. Rule groups that read each other's
// elements are batched alike or not at all: batch b of a group reads batch
// b of the groups it zips. A graph without rule groups is returned as is.
// Expand makes nothing when the expanded graph would have more than
// maxTasks tasks (0: DefaultMaxTasks); the error then names the rule group
// that makes the most, at its position (see overBudget).
func (g *Graph) Expand(stride func(gi int) int, concat string, maxTasks int) (*Graph, error) {
	if !g.Lazy() {
		return g, nil
	}
	x := &expander{g: g, newIdx: make([]int32, len(g.Tasks)), first: make([]int32, len(g.Groups)),
		joined: make([]int32, len(g.Groups)), lists: map[int32][]Arg{}, concat: concat}
	x.strides = alignStrides(g, stride)
	x.whole = wholeRuleReads(g)
	if err := x.overBudget((&Config{MaxTasks: maxTasks}).maxTasks()); err != nil {
		return nil, err
	}
	x.out = &Graph{Flow: g.Flow, Composites: g.Composites, Tasks: make([]Task, 0, len(g.Tasks)+x.taskCount())}
	for gi, grp := range g.Groups {
		switch {
		case grp.Rule == nil:
			x.copyGroup(grp)
		case x.strides[gi] < 0:
		case x.strides[gi] > 0:
			x.batches(gi, grp, x.strides[gi])
		default:
			x.elements(gi, grp)
		}
	}
	for _, o := range g.Outputs {
		o.Value = x.arg(o.Value)
		x.out.Outputs = append(x.out.Outputs, o)
	}
	return x.out, nil
}

// expander is the state of one Expand.
type expander struct {
	g, out  *Graph
	strides []int
	whole   []bool  // rule group -> its whole list is read
	newIdx  []int32 // old task -> new task
	first   []int32 // rule group -> its first new task (element or batch)
	joined  []int32 // batched rule group -> its concat task
	lists   map[int32][]Arg
	concat  string
	slab    []int32
}

// alignStrides asks stride for every rule group, then sets to 0 the stride
// of any group linked (one zipping the other's elements) to a group with
// another stride, until every link joins equal strides.
func alignStrides(g *Graph, stride func(gi int) int) []int {
	s := make([]int, len(g.Groups))
	for gi, grp := range g.Groups {
		if grp.Rule != nil {
			s[gi] = stride(gi)
		}
	}
	for changed := true; changed; {
		changed = false
		for gi, grp := range g.Groups {
			if grp.Rule == nil || s[gi] < 0 {
				continue
			}
			for _, ra := range grp.Rule.Args {
				if ra.Kind == RuleElem && s[ra.Group] != s[gi] {
					s[ra.Group], s[gi], changed = 0, 0, true
				}
			}
		}
	}
	return s
}

// wholeRuleReads finds the rule groups whose whole list something reads.
func wholeRuleReads(g *Graph) []bool {
	whole := make([]bool, len(g.Groups))
	var visit func(a *Arg)
	visit = func(a *Arg) {
		if a.Kind == GroupList {
			whole[a.Ref] = true
		}
		for k := range a.Items {
			visit(&a.Items[k])
		}
	}
	g.RootArgs(visit)
	for _, grp := range g.Groups {
		if grp.Rule != nil {
			for k := range grp.Rule.Args {
				visit(&grp.Rule.Args[k].Shared)
			}
		}
	}
	return whole
}

// taskCount is how many tasks the rule groups expand into.
func (x *expander) taskCount() int {
	n := 0
	for gi := range x.g.Groups {
		n += x.groupTasks(gi)
	}
	return n
}

// groupTasks is how many tasks group gi expands into: 0 for a group that
// is not a rule group or is fused away, its batches and their concat, or
// its elements. It cannot overflow for any size.
func (x *expander) groupTasks(gi int) int {
	grp := x.g.Groups[gi]
	switch s := x.strides[gi]; {
	case grp.Rule == nil, s < 0:
		return 0
	case s > 0:
		n := grp.Size/s + 1
		if grp.Size%s != 0 {
			n++
		}
		return n
	}
	return grp.Size
}

// arg rewrites a for the expanded graph: references move, and a rule
// group's whole list becomes its concat or the list of its elements.
func (x *expander) arg(a Arg) Arg {
	switch a.Kind {
	case GroupList:
		if j := x.joined[a.Ref]; x.strides[a.Ref] > 0 {
			return Arg{Kind: Ref, Ref: j, Spread: a.Spread}
		}
		return Arg{Kind: List, Items: x.elementRefs(a.Ref), Spread: a.Spread}
	case Ref:
		a.Ref = x.newIdx[a.Ref]
	case List, Map:
		items := make([]Arg, len(a.Items))
		for k, it := range a.Items {
			items[k] = x.arg(it)
		}
		a.Items = items
	}
	return a
}

// elementRefs is the list of references to every element of rule group
// gi, made once and shared by its readers (arguments are read-only).
func (x *expander) elementRefs(gi int32) []Arg {
	if items, ok := x.lists[gi]; ok {
		return items
	}
	items := make([]Arg, x.g.Groups[gi].Size)
	for i := range items {
		items[i] = Arg{Kind: Ref, Ref: x.first[gi] + int32(i)}
	}
	x.lists[gi] = items
	return items
}

// copyGroup copies a group that has tasks, rewriting their arguments.
func (x *expander) copyGroup(grp *Group) {
	cp := *grp
	cp.First = len(x.out.Tasks)
	if grp.Options.When != nil {
		w := x.arg(*grp.Options.When)
		cp.Options.When = &w
	}
	gi := int32(len(x.out.Groups))
	for i := grp.First; i < grp.First+grp.Size; i++ {
		t := x.g.Tasks[i]
		deps := make([]int32, 0, len(t.Deps))
		for _, d := range t.Deps {
			deps = append(deps, x.newIdx[d])
		}
		t.Args, t.Group = make([]Arg, len(t.Args)), gi
		for k, a := range x.g.Tasks[i].Args {
			t.Args[k] = x.arg(a)
		}
		deps = collectRefs(t.Args, deps)
		if cp.Options.When != nil {
			deps = collectRefs([]Arg{*cp.Options.When}, deps)
		}
		if t.Deps = dedupe(deps); len(t.Deps) == 0 {
			t.Deps = nil
		}
		x.newIdx[i] = int32(len(x.out.Tasks))
		x.out.Tasks = append(x.out.Tasks, t)
	}
	x.out.Groups = append(x.out.Groups, &cp)
}

// shared rewrites the arguments every element of a rule group shares.
func (x *expander) shared(r *Rule) []Arg {
	out := make([]Arg, len(r.Args))
	for k, ra := range r.Args {
		if ra.Kind == RuleShared {
			out[k] = x.arg(ra.Shared)
		}
	}
	return out
}

// elements makes one task per element of rule group gi.
func (x *expander) elements(gi int, grp *Group) {
	cp := *grp
	cp.Rule, cp.First = nil, len(x.out.Tasks)
	x.first[gi] = int32(cp.First)
	ng := int32(len(x.out.Groups))
	shared := x.shared(grp.Rule)
	np := len(grp.Rule.Args)
	flat := make([]Arg, grp.Size*np)
	for i := 0; i < grp.Size; i++ {
		args := flat[i*np : (i+1)*np : (i+1)*np]
		for k, ra := range grp.Rule.Args {
			switch ra.Kind {
			case RuleShared:
				args[k] = shared[k]
			case RuleRange:
				args[k] = Arg{Kind: Const, Value: ra.Start + int64(i)*ra.Step}
			case RuleElem:
				args[k] = Arg{Kind: Ref, Ref: x.first[ra.Group] + int32(i)}
			}
		}
		x.out.Tasks = append(x.out.Tasks, Task{Group: ng, Index: int32(i), Args: args, Deps: x.keep(dedupe(collectRefs(args, nil)))})
	}
	x.out.Groups = append(x.out.Groups, &cp)
}

// keep copies deps into a shared slab, as the compiler does.
func (x *expander) keep(deps []int32) []int32 {
	if len(deps) == 0 {
		return nil
	}
	if cap(x.slab)-len(x.slab) < len(deps) {
		x.slab = make([]int32, 0, max(depSlab, len(deps)))
	}
	start := len(x.slab)
	x.slab = append(x.slab, deps...)
	return x.slab[start:len(x.slab):len(x.slab)]
}

// batches makes rule group gi's Each tasks of size elements each and,
// when its whole list is read, the hidden concat joining them.
func (x *expander) batches(gi int, grp *Group, size int) {
	bg := *grp
	bg.Rule, bg.First, bg.Stride = nil, len(x.out.Tasks), size
	x.first[gi] = int32(bg.First)
	ng := int32(len(x.out.Groups))
	shared := x.shared(grp.Rule)
	var refs []Arg
	for b, start := 0, 0; start < grp.Size; b, start = b+1, start+size {
		end := min(start+size, grp.Size)
		args := make([]Arg, len(grp.Rule.Args))
		for k, ra := range grp.Rule.Args {
			switch ra.Kind {
			case RuleShared:
				args[k] = shared[k]
			case RuleRange:
				args[k] = Arg{Kind: Const, Value: IntRange{Start: ra.Start + int64(start)*ra.Step, Step: ra.Step, Len: end - start}, Spread: true}
			case RuleElem:
				args[k] = Arg{Kind: Ref, Ref: x.first[ra.Group] + int32(b), Spread: true}
			}
		}
		refs = append(refs, Arg{Kind: Ref, Ref: int32(len(x.out.Tasks))})
		x.out.Tasks = append(x.out.Tasks, Task{Group: ng, Index: int32(b), Args: args, Deps: dedupe(collectRefs(args, nil)), Each: true})
	}
	bg.Size = len(refs)
	x.out.Groups = append(x.out.Groups, &bg)
	if x.whole[gi] {
		x.join(gi, grp, refs)
	}
}

// join adds the hidden concat task of batched rule group gi.
func (x *expander) join(gi int, grp *Group, refs []Arg) {
	cg := &Group{Name: grp.Name + ".concat", Op: x.concat, First: len(x.out.Tasks), Size: 1, Range: grp.Range, Hidden: true}
	deps := make([]int32, len(refs))
	for k, r := range refs {
		deps[k] = r.Ref
	}
	x.out.Tasks = append(x.out.Tasks, Task{Group: int32(len(x.out.Groups)), Index: -1, Args: []Arg{{Kind: List, Items: refs}}, Deps: deps})
	x.out.Groups = append(x.out.Groups, cg)
	x.joined[gi] = int32(len(x.out.Tasks) - 1)
}

// Shallow returns g expanded with each rule group made into one batch
// (one Each task over all its elements, and its concat when its whole list
// is read): the eager form of g that costs one task per group, for checks
// that read every group's operator and every task's structure but no
// element (the Dask executor's check, for validate). g when not lazy.
func (g *Graph) Shallow() *Graph {
	whole, _ := g.Expand(func(gi int) int { return max(g.Groups[gi].Size, 1) }, "concat", math.MaxInt)
	return whole
}
