package spec

import (
	"errors"
	"strings"

	"github.com/flowspec/flowspec/operator"

	"go.yaml.in/yaml/v3"
)

// checkOp checks a task's operator and its arguments against the registry:
// the operator exists, every argument is one of its parameters, no
// parameter is given twice (with: and map:), every required one is given,
// and then the operator's own check of their values (checkOpArgs).
func (c *checker) checkOp(t *Task) {
	if c.reg == nil || t.Op == "" {
		return
	}
	op, err := c.reg.Resolve(t.Op)
	if err != nil {
		c.opError(t, err)
		return
	}
	names := make([]string, len(op.Params))
	for i, p := range op.Params {
		names[i] = p.Name
	}
	takes := "operator " + op.Name + " takes " + strings.Join(names, ", ")
	before := len(c.ds)
	given := map[string]bool{}
	for _, a := range t.With {
		given[a.Name] = true
	}
	for _, list := range [][]Arg{t.With, t.Map} {
		for _, a := range list {
			if _, i := op.Param(a.Name); i < 0 {
				c.ds.Errorf(a.NameRange, suggestHint(a.Name, names, takes), "unknown parameter %q of operator %q in task %q", a.Name, op.Name, t.Name)
			}
		}
	}
	for _, a := range t.Map {
		if given[a.Name] {
			c.ds.Errorf(a.NameRange, "keep it in map: to iterate over it, or in with: to pass the same value to every element",
				"parameter %q of task %q is given in both with: and map:", a.Name, t.Name)
		}
		given[a.Name] = true
	}
	if !c.argsReadable(t) {
		return // with: or map: is not a mapping; the schema said so
	}
	for _, p := range op.Params {
		if p.Required && !given[p.Name] && !c.misplaced(t, p.Name) {
			c.ds.Errorf(t.Range, "add it under with: (or map: to iterate over a list)",
				"task %q does not give parameter %q, which operator %q requires", t.Name, p.Name, op.Name)
		}
	}
	if len(c.ds) == before {
		c.checkOpArgs(t, op) // its problems would only echo a misnamed or missing argument
	}
}

// argsReadable reports whether the task's with: and map: (when present) are
// mappings, so "parameter not given" is not a knock-on of a malformed block.
func (c *checker) argsReadable(t *Task) bool {
	for _, name := range []string{"with", "map"} {
		if n := field(c.taskNodes[t.Name], name); n != nil && n.Kind != yaml.MappingNode {
			return false
		}
	}
	return true
}

// field returns the value of key in mapping n, or nil.
func field(n *yaml.Node, key string) *yaml.Node {
	for _, p := range pairs(n) {
		if p.Key.Value == key {
			return p.Value
		}
	}
	return nil
}

// opError reports why task t's operator cannot be had: it is unknown (with
// "did you mean" over the names near it), its provider cannot be asked (one
// warning per file: the flow is checked no further than its names), or the
// provider says why (a module that fails to import).
func (c *checker) opError(t *Task, err error) {
	switch {
	case errors.Is(err, operator.ErrUnchecked):
		c.f.Unchecked = append(c.f.Unchecked, t.Op)
		if len(c.f.Unchecked) == 1 {
			c.ds.Warnf(t.OpRange, hintOf(err), "%v; operators like %q are checked only by name", err, t.Op)
		}
	case errors.Is(err, operator.ErrUnknown):
		msg := "unknown operator " + quoted(t.Op) + " in task " + quoted(t.Name)
		if detail := strings.TrimPrefix(err.Error(), operator.ErrUnknown.Error()); detail != "" {
			msg += detail
		}
		hint := hintOf(err)
		if hint == "" {
			hint = "flowspec ops lists the operators"
		}
		c.ds.Errorf(t.OpRange, suggestHint(t.Op, c.reg.Near(t.Op), hint), "%s", msg)
	default:
		c.ds.Errorf(t.OpRange, hintOf(err), "task %q: %v", t.Name, err)
	}
}

// hintOf is the fix an error carries (a Hint method), or "".
func hintOf(err error) string {
	var h interface{ Hint() string }
	if errors.As(err, &h) {
		return h.Hint()
	}
	return ""
}

// misplaced reports whether parameter name of task t is written where the
// schema already reported it: in the task itself (without its with: line)
// or in a with: dedented to the level of task names just below t. One
// mistake then gets one error, not a second "does not give parameter".
func (c *checker) misplaced(t *Task, name string) bool {
	if field(c.taskNodes[t.Name], name) != nil {
		return true
	}
	tasks := pairs(field(c.f.Root, "tasks"))
	for i, p := range tasks {
		if keyString(p.Key) != t.Name || i+1 == len(tasks) {
			continue
		}
		next := tasks[i+1]
		switch keyString(next.Key) {
		case "with", "map":
			return field(next.Value, name) != nil
		}
	}
	return false
}
