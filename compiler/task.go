package compiler

import (
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/spec"
)

// compileTask adds the group and tasks for one YAML task.
func (c *compilation) compileTask(t *spec.Task) {
	op, ok := c.reg.Lookup(t.Op)
	if !ok {
		c.diags.Errorf(t.OpRange, "run `flowspec ops` to list operators", "unknown operator %q", t.Op)
		return
	}
	grp := &Group{Name: t.Name, Op: op.Name, Range: t.Range, Options: c.options(t), Batch: c.batchOf(t), Persist: t.Persist || t.Cache != nil}
	if !c.compileWhen(t, grp) {
		return
	}
	after, ok := c.afterDeps(t)
	if !ok {
		return
	}
	if len(t.Map) == 0 {
		c.single(t, op, grp, after)
	} else {
		c.mapped(t, op, grp, after)
	}
	c.compileCache(t)
}

// single compiles a task without map: one task.
func (c *compilation) single(t *spec.Task, op *operator.Op, grp *Group, after []int32) {
	args := make([]Arg, len(op.Params))
	for pi, p := range op.Params {
		a, ok := c.withArg(t, p, scope{owner: t.Name + "." + p.Name, index: -1})
		if !ok {
			return
		}
		args[pi] = a
	}
	gi := c.addTaskGroup(t, grp)
	c.addTask(gi, -1, args, after)
}

// withArg compiles parameter p from the task's with: block, or its default.
func (c *compilation) withArg(t *spec.Task, p operator.Param, sc scope) (Arg, bool) {
	for _, a := range t.With {
		if a.Name == p.Name {
			arg, ok := c.value(a.Value.Node, a.Value, sc)
			return arg, ok && c.checkType(t.Name, p, arg, a.Value.Range)
		}
	}
	if p.Required {
		c.diags.Errorf(t.Range, "add it under with: or map:", "task %q: operator %s needs parameter %s", t.Name, t.Op, p.Name)
		return Arg{}, false
	}
	return Arg{Kind: Const, Value: p.Default}, true
}

// compileWhen compiles the task's when: condition onto the group.
func (c *compilation) compileWhen(t *spec.Task, grp *Group) bool {
	if t.When.IsZero() {
		return true
	}
	if info := c.exprOf(t.When.Node, t.When); info != nil && info.index && len(t.Map) > 0 {
		c.diags.Errorf(t.When.Range, "move the per-element condition into the operator's inputs, or filter the mapped list", "task %q: when: cannot read index; it applies to every element", t.Name)
		return false
	}
	a, ok := c.value(t.When.Node, t.When, scope{owner: t.Name + ".when", index: -1})
	if !ok {
		return false
	}
	if a.Kind == Const {
		if _, isBool := a.Value.(bool); !isBool && a.Value != nil {
			c.diags.Errorf(t.When.Range, "", "task %q: when: must be true or false, got %s", t.Name, describe(a.Value))
			return false
		}
	}
	grp.Options.When = &a
	return true
}

// afterDeps returns every task of the groups named in after:.
func (c *compilation) afterDeps(t *spec.Task) ([]int32, bool) {
	var deps []int32
	for _, r := range t.After {
		gi, ok := c.groupOf[r.Name]
		if !ok {
			if !c.declared(r.Name) { // a task that failed to compile has its own error
				c.diags.Errorf(r.Range, "", "after: unknown task %q", r.Name)
			}
			return nil, false
		}
		g := c.g.Groups[gi]
		if g.Rule != nil {
			c.lazyFailed = true // its elements have no tasks: compile eagerly
			return nil, false
		}
		for i := 0; i < g.Size; i++ {
			deps = append(deps, int32(g.First+i))
		}
	}
	return deps, true
}
