package compiler

import (
	"fmt"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/spec"
	"github.com/flowspec/flowspec/value"
)

// lazyMapped compiles t as a rule group when its elements follow a rule:
// every map: source is a range(...) call that reads no task results, or
// exactly tasks.X of a rule group of the same length (zipped), and every
// with: value is shared by all elements; no when:, after:, product:,
// flatten: or cache: (a cached element is looked up by its own arguments
// and key, so a cached map is element by element whatever compiles it; the
// batch pass never batches one). persist: is a rule group like any other:
// the optimizer keeps it apart (never fused away) and batches it as it
// batches its elements, and the run store keeps what its tasks return. It
// reports false, having added nothing, for any other map.
func (c *compilation) lazyMapped(t *spec.Task, op *operator.Op, grp *Group, after []int32) bool {
	if len(after) > 0 || t.Product || t.Flatten || t.Cache != nil || grp.Options.When != nil || len(t.Map) == 0 {
		return false
	}
	rule := &Rule{Args: make([]RuleArg, len(op.Params))}
	n := -1
	for _, a := range t.Map {
		_, pi := op.Param(a.Name)
		if pi < 0 {
			return false
		}
		ra, size, ok := c.ruleSource(a)
		if !ok || (n >= 0 && size != n) || ra.Kind == RuleRange && !op.Params[pi].Type.Accepts(ra.Start) {
			return false // the eager compilation reports what is wrong
		}
		rule.Args[pi], n = ra, size
	}
	if n <= 0 || !c.ruleWith(t, op, rule) {
		return false
	}
	// The group counts as the one task it is made into at least: its
	// elements cost nothing until Graph.Expand, which counts what it makes.
	if !c.fits(t, t.Map[0].Value.Range, fmt.Sprintf("map: %s has %d elements, run as one task or more", t.Map[0].Name, n), 1) {
		return true // reported: the group is not added, as in the eager path
	}
	grp.Mapped, grp.Size, grp.Rule = true, n, rule
	c.addTaskGroup(t, grp)
	c.ruleGroups++
	return true
}

// ruleWith fills the rule's parameters that no map: source feeds, from
// with: or the default; it reports false when one differs per element.
func (c *compilation) ruleWith(t *spec.Task, op *operator.Op, rule *Rule) bool {
	for _, p := range op.Params {
		if !mappedParam(t, p.Name) && c.perElement(t, p.Name) {
			return false
		}
	}
	for pi, p := range op.Params {
		if mappedParam(t, p.Name) {
			continue
		}
		a, ok := c.withArg(t, p, scope{owner: t.Name + "." + p.Name, index: -1})
		if !ok {
			c.lazyFailed = true // reported again by the eager compilation
			return false
		}
		rule.Args[pi] = RuleArg{Kind: RuleShared, Shared: a}
	}
	return true
}

func mappedParam(t *spec.Task, name string) bool {
	for _, a := range t.Map {
		if a.Name == name {
			return true
		}
	}
	return false
}

// ruleSource turns one map: argument into a rule argument and its length.
func (c *compilation) ruleSource(a spec.Arg) (RuleArg, int, bool) {
	info := c.exprOf(a.Value.Node, a.Value)
	if info == nil {
		return RuleArg{}, 0, false
	}
	if info.plainRef != "" {
		gi, ok := c.groupOf[info.plainRef]
		if !ok || c.g.Groups[gi].Rule == nil {
			return RuleArg{}, 0, false
		}
		return RuleArg{Kind: RuleElem, Group: gi}, c.g.Groups[gi].Size, true
	}
	call, ok := info.tree.Node.(*ast.CallNode)
	if !info.static() || info.perElement() || !ok || !isRangeCall(call) {
		return RuleArg{}, 0, false
	}
	return c.rangeRule(call)
}

// isRangeCall matches range(a[, b[, c]]) whose arguments call no range.
func isRangeCall(call *ast.CallNode) bool {
	id, ok := call.Callee.(*ast.IdentifierNode)
	if !ok || id.Value != "range" || len(call.Arguments) == 0 || len(call.Arguments) > 3 {
		return false
	}
	for _, arg := range call.Arguments {
		if strings.Contains(arg.String(), "range") {
			return false
		}
	}
	return true
}

// rangeRule evaluates a range call's arguments, not the range itself.
func (c *compilation) rangeRule(call *ast.CallNode) (RuleArg, int, bool) {
	parts := make([]string, len(call.Arguments))
	for i, arg := range call.Arguments {
		parts[i] = arg.String()
	}
	info, err := analyze("[" + strings.Join(parts, ", ") + "]")
	if err != nil {
		return RuleArg{}, 0, false
	}
	x, err := c.evalStatic(info, -1)
	list, _ := x.([]any)
	if err != nil || len(list) != len(parts) {
		return RuleArg{}, 0, false
	}
	ints := make([]int64, len(list))
	for i, v := range list {
		n, ok := v.(int64)
		if !ok {
			return RuleArg{}, 0, false
		}
		ints[i] = n
	}
	start, stop, step := int64(0), ints[0], int64(1)
	switch len(ints) {
	case 2:
		start, stop = ints[0], ints[1]
	case 3:
		start, stop, step = ints[0], ints[1], ints[2]
	}
	n, err := value.RangeLen(start, stop, step)
	if err != nil {
		return RuleArg{}, 0, false
	}
	return RuleArg{Kind: RuleRange, Start: start, Step: step}, n, true
}
