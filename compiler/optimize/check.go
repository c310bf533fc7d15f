package optimize

import (
	"fmt"
	"slices"

	"github.com/flowspec/flowspec/compiler"
)

// Check verifies the invariants every executor relies on and every
// optimizer pass keeps:
//   - tasks are topologically ordered: a task reads only earlier tasks;
//   - each group's tasks are contiguous, Tasks[First:First+Size], the groups
//     follow each other in order (a map over an empty list has Size 0), and
//     every task names the group that covers it;
//   - a task's Deps are sorted, unique, and hold every task its arguments
//     and its group's when: read (the rest are ordering-only dependencies);
//   - Index is -1 in an unmapped group and increasing from 0 in a mapped one;
//   - an Each task has a spread argument, and only Each tasks spread;
//   - outputs read existing tasks.
//
// It returns the first violation found.
func Check(g *compiler.Graph) error {
	if err := checkGroups(g); err != nil {
		return err
	}
	for i := range g.Tasks {
		if err := checkTask(g, int32(i)); err != nil {
			return fmt.Errorf("task %d (%s): %w", i, g.Key(i), err)
		}
	}
	for _, o := range g.Outputs {
		if bad, ok := firstRef(o.Value, func(r int32) bool { return r < 0 || int(r) >= len(g.Tasks) }); ok {
			return fmt.Errorf("output %s reads task %d, which does not exist", o.Name, bad)
		}
	}
	return nil
}

// checkGroups checks that the groups tile Tasks in order.
func checkGroups(g *compiler.Graph) error {
	next := 0
	for gi, grp := range g.Groups {
		if grp.First != next || grp.Size < 0 || grp.First+grp.Size > len(g.Tasks) {
			return fmt.Errorf("group %d (%s) covers tasks %d..%d, want it to start at %d and end by %d",
				gi, grp.Name, grp.First, grp.First+grp.Size, next, len(g.Tasks))
		}
		for i := grp.First; i < grp.First+grp.Size; i++ {
			t := &g.Tasks[i]
			if int(t.Group) != gi {
				return fmt.Errorf("task %d lies in group %d (%s) but names group %d", i, gi, grp.Name, t.Group)
			}
			prev := int32(-1)
			if i > grp.First {
				prev = g.Tasks[i-1].Index
			}
			if err := checkIndex(grp, t, i, prev); err != nil {
				return fmt.Errorf("group %d (%s): %w", gi, grp.Name, err)
			}
		}
		next = grp.First + grp.Size
	}
	if next != len(g.Tasks) {
		return fmt.Errorf("groups cover %d of %d tasks", next, len(g.Tasks))
	}
	return nil
}

// checkIndex checks task i's element index within grp; prev is the index
// of the task before it in the group.
func checkIndex(grp *compiler.Group, t *compiler.Task, i int, prev int32) error {
	switch {
	case !grp.Mapped && t.Index != -1:
		return fmt.Errorf("task %d has index %d in an unmapped group", i, t.Index)
	case grp.Mapped && i == grp.First && t.Index < 0:
		return fmt.Errorf("task %d has index %d in a mapped group", i, t.Index)
	case grp.Mapped && i > grp.First && t.Index <= prev:
		return fmt.Errorf("task %d has index %d, not above its predecessor's", i, t.Index)
	}
	return nil
}

// checkTask checks task i's dependencies and arguments.
func checkTask(g *compiler.Graph, i int32) error {
	t := &g.Tasks[i]
	for k, d := range t.Deps {
		if d < 0 || d >= i {
			return fmt.Errorf("depends on task %d, which does not come before it", d)
		}
		if k > 0 && d <= t.Deps[k-1] {
			return fmt.Errorf("dependencies %v are not sorted and unique", t.Deps)
		}
	}
	notDep := func(r int32) bool { _, found := slices.BinarySearch(t.Deps, r); return !found }
	spread := false
	for k, a := range t.Args {
		if bad, ok := firstRef(a, notDep); ok {
			return fmt.Errorf("argument %d reads task %d without depending on it", k, bad)
		}
		if a.Spread && !t.Each {
			return fmt.Errorf("argument %d spreads but the task is not an Each task", k)
		}
		spread = spread || a.Spread
	}
	if t.Each && !spread {
		return fmt.Errorf("is an Each task without a spread argument")
	}
	if w := g.Groups[t.Group].Options.When; w != nil {
		if bad, ok := firstRef(*w, notDep); ok {
			return fmt.Errorf("when: reads task %d without depending on it", bad)
		}
	}
	return nil
}

// firstRef returns the first task a reads for which bad holds.
func firstRef(a compiler.Arg, bad func(int32) bool) (int32, bool) {
	switch a.Kind {
	case compiler.Ref:
		return a.Ref, bad(a.Ref)
	case compiler.List, compiler.Map:
		for _, it := range a.Items {
			if r, ok := firstRef(it, bad); ok {
				return r, true
			}
		}
	}
	return 0, false
}
