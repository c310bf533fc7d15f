package compiler

import (
	"slices"

	"github.com/flowspec/flowspec/spec"
)

// addGroup appends a group and returns its index.
func (c *compilation) addGroup(g *Group) int32 {
	g.First = len(c.g.Tasks)
	c.g.Groups = append(c.g.Groups, g)
	return int32(len(c.g.Groups) - 1)
}

// addTaskGroup adds the group of YAML task t and registers its name, so
// later tasks' references to t resolve to it.
func (c *compilation) addTaskGroup(t *spec.Task, grp *Group) int32 {
	gi := c.addGroup(grp)
	c.groupOf[t.Name] = gi
	return gi
}

// addTask appends one task of group gi with the given arguments; its
// dependencies are every task the arguments reference plus extra (after:).
// Tasks of a group are appended contiguously, so Group.First..First+Size
// spans them.
func (c *compilation) addTask(gi int32, index int, args []Arg, extra []int32) int32 {
	grp := c.g.Groups[gi]
	if grp.Size == 0 {
		grp.First = len(c.g.Tasks)
	}
	grp.Size++
	deps := collectRefs(args, append(c.scratch[:0], extra...))
	if grp.Options.When != nil {
		deps = collectRefs([]Arg{*grp.Options.When}, deps)
	}
	c.scratch = deps
	c.g.Tasks = append(c.g.Tasks, Task{Group: gi, Index: int32(index), Args: args, Deps: c.keepDeps(dedupe(deps))})
	return int32(len(c.g.Tasks) - 1)
}

// depSlab is how many dependencies share one allocation: a million-task map
// then costs a few dozen allocations for its edges instead of a million.
const depSlab = 1 << 16

// keepDeps copies deps into the current slab and returns the copy, capped so
// an append by a later pass cannot overwrite a neighbour's edges.
func (c *compilation) keepDeps(deps []int32) []int32 {
	if len(deps) == 0 {
		return nil
	}
	if len(deps) > depSlab/4 {
		return slices.Clone(deps)
	}
	if cap(c.slab)-len(c.slab) < len(deps) {
		c.slab = make([]int32, 0, depSlab)
	}
	start := len(c.slab)
	c.slab = append(c.slab, deps...)
	return c.slab[start:len(c.slab):len(c.slab)]
}

// collectRefs appends every task referenced by args to deps.
func collectRefs(args []Arg, deps []int32) []int32 {
	for i := range args {
		switch args[i].Kind {
		case Ref:
			deps = append(deps, args[i].Ref)
		case List, Map:
			deps = collectRefs(args[i].Items, deps)
		}
	}
	return deps
}

// dedupe sorts deps and drops repeats (a task reading the same upstream twice
// depends on it once).
func dedupe(deps []int32) []int32 {
	if len(deps) < 2 {
		return deps
	}
	slices.Sort(deps)
	return slices.Compact(deps)
}
