package compiler

import (
	"strings"

	"github.com/flowspec/flowspec/spec"
	"go.yaml.in/yaml/v3"
)

// order returns the flow's tasks so that every task follows the tasks it
// reads or runs after. Ties keep file order, so graphs are stable. A cycle is
// reported with its path (a -> b -> a).
func (c *compilation) order() ([]*spec.Task, bool) {
	byName := make(map[string]*spec.Task, len(c.flow.Tasks))
	for _, t := range c.flow.Tasks {
		byName[t.Name] = t
	}
	const (
		unvisited = iota
		visiting
		done
	)
	state := make(map[string]int, len(c.flow.Tasks))
	var out []*spec.Task
	var stack []string
	var visit func(t *spec.Task) bool
	visit = func(t *spec.Task) bool {
		switch state[t.Name] {
		case done:
			return true
		case visiting:
			c.reportCycle(t, stack)
			return false
		}
		state[t.Name] = visiting
		stack = append(stack, t.Name)
		for _, dep := range c.upstream(t) {
			if up, ok := byName[dep]; ok && !visit(up) {
				return false
			}
		}
		stack = stack[:len(stack)-1]
		state[t.Name] = done
		out = append(out, t)
		return true
	}
	for _, t := range c.flow.Tasks {
		if !visit(t) {
			return nil, false
		}
	}
	return out, true
}

// reportCycle reports the cycle that closes at t.
func (c *compilation) reportCycle(t *spec.Task, stack []string) {
	start := 0
	for i, n := range stack {
		if n == t.Name {
			start = i
		}
	}
	path := append(append([]string{}, stack[start:]...), t.Name)
	c.diags.Errorf(t.Range, "remove one of these references or after: entries", "cycle: %s", strings.Join(path, " -> "))
}

// upstream lists the tasks t reads (through ${{ tasks.X }}) or runs after.
func (c *compilation) upstream(t *spec.Task) []string {
	var names []string
	add := func(v spec.Value) {
		walkStrings(v.Node, func(n *yaml.Node) {
			if info := c.exprOf(n, v); info != nil {
				names = append(names, info.tasks...)
			}
		})
	}
	for _, a := range t.With {
		add(a.Value)
	}
	for _, a := range t.Map {
		add(a.Value)
	}
	if !t.When.IsZero() {
		add(t.When)
	}
	for _, r := range t.After {
		names = append(names, r.Name)
	}
	return names
}

// walkStrings calls fn for every string scalar under n.
func walkStrings(n *yaml.Node, fn func(*yaml.Node)) {
	if n == nil {
		return
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!str" || n.Tag == "" {
			fn(n)
		}
	case yaml.AliasNode:
		walkStrings(n.Alias, fn)
	default:
		for _, ch := range n.Content {
			walkStrings(ch, fn)
		}
	}
}
