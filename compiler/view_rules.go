package compiler

import (
	"fmt"
	"strings"

	"github.com/flowspec/flowspec/value"
)

// ruleEdges adds to edges what a lazy graph's dependencies between groups
// hold beyond its tasks' Deps: the groups a rule group's elements read,
// and the rule groups whose whole list a task, a when: or a rule reads.
func (g *Graph) ruleEdges(edges []map[int32]bool) {
	var from int32
	var visit func(a *Arg)
	visit = func(a *Arg) {
		switch a.Kind {
		case GroupList:
			edges[from][a.Ref] = true
		case Ref:
			edges[from][g.Tasks[a.Ref].Group] = true
		}
		for k := range a.Items {
			visit(&a.Items[k])
		}
	}
	for i := range g.Tasks {
		from = g.Tasks[i].Group
		for k := range g.Tasks[i].Args {
			visit(&g.Tasks[i].Args[k])
		}
	}
	for gi, grp := range g.Groups {
		from = int32(gi)
		if grp.Options.When != nil {
			visit(grp.Options.When)
		}
		if grp.Rule == nil {
			continue
		}
		for k, ra := range grp.Rule.Args {
			if ra.Kind == RuleElem {
				edges[from][ra.Group] = true
			}
			visit(&grp.Rule.Args[k].Shared)
		}
	}
	for gi := range edges {
		delete(edges[gi], int32(gi))
	}
}

// Elements is how many tasks g has once its rule groups are made element
// by element: len(g.Tasks) for a graph that is not lazy. Views report it
// as the flow's task count, so a lazy and an eager compile of one flow
// say the same.
func (g *Graph) Elements() int {
	n := len(g.Tasks)
	for _, grp := range g.Groups {
		if grp.Rule != nil {
			n += grp.Size
		}
	}
	return n
}

// RuleText renders rule group gi's element i as a call, "add(inc[i],
// dec[i])", naming the arguments by params when it has one per argument
// ("add(x=inc[i], y=dec[i])"); "" for a group without a rule.
func (g *Graph) RuleText(gi int, params []string) string {
	grp := g.Groups[gi]
	if grp.Rule == nil {
		return ""
	}
	args := make([]string, len(grp.Rule.Args))
	for k, ra := range grp.Rule.Args {
		args[k] = g.ruleArgText(ra)
		if len(params) == len(args) {
			args[k] = params[k] + "=" + args[k]
		}
	}
	return fmt.Sprintf("%s(%s)", grp.Op, strings.Join(args, ", "))
}

// ruleArgText renders one rule argument: "i", "2*i+1", "inc[i]", or the
// shared value.
func (g *Graph) ruleArgText(ra RuleArg) string {
	switch ra.Kind {
	case RuleElem:
		return g.Groups[ra.Group].Name + "[i]"
	case RuleRange:
		return rangeText(ra.Start, ra.Step)
	}
	return g.argText(ra.Shared)
}

// rangeText renders start + i*step as short as it goes.
func rangeText(start, step int64) string {
	s := "i"
	if step != 1 {
		s = fmt.Sprintf("%d*i", step)
	}
	switch {
	case start > 0:
		s += fmt.Sprintf("+%d", start)
	case start < 0:
		s += fmt.Sprintf("%d", start)
	}
	return s
}

// argText renders an argument every element shares: a constant as
// Python prints it, a reference by its key, a rule group's whole list as
// "name[:]".
func (g *Graph) argText(a Arg) string {
	switch a.Kind {
	case Ref:
		return g.Key(int(a.Ref)).String()
	case GroupList:
		return g.Groups[a.Ref].Name + "[:]"
	case List, Map:
		items := make([]string, len(a.Items))
		for k, it := range a.Items {
			items[k] = g.argText(it)
			if a.Kind == Map {
				items[k] = value.Repr(a.Names[k]) + ": " + items[k]
			}
		}
		if a.Kind == Map {
			return "{" + strings.Join(items, ", ") + "}"
		}
		return "[" + strings.Join(items, ", ") + "]"
	}
	return value.Repr(a.Value)
}

// ruleJSON renders rule group gi's arguments in the operator's order, as
// tasksJSON renders a task's: element i's reference as {"ref": "inc[i]"},
// a range as {"range": {"start": 0, "step": 1}} (element i is start +
// i*step), a shared argument as itself; nil for a group without a rule.
func (g *Graph) ruleJSON(gi int) []any {
	grp := g.Groups[gi]
	if grp.Rule == nil {
		return nil
	}
	out := make([]any, len(grp.Rule.Args))
	for k, ra := range grp.Rule.Args {
		switch ra.Kind {
		case RuleRange:
			out[k] = map[string]any{"range": map[string]int64{"start": ra.Start, "step": ra.Step}}
		case RuleElem:
			out[k] = map[string]any{"ref": g.Groups[ra.Group].Name + "[i]"}
		default:
			out[k] = g.argJSON(ra.Shared)
		}
	}
	return out
}
