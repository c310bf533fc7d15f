package spec

import (
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"

	"go.yaml.in/yaml/v3"
)

// checkOpArgs runs the operator's own check (operator.Op.Check) on what
// task t says about its arguments, and reports each problem at the
// argument it names, or at the task's with: when the task does not give it.
func (c *checker) checkOpArgs(t *Task, op *operator.Op) {
	if op.Check == nil {
		return
	}
	for _, p := range op.Check(c.staticArgs(t, op)) {
		c.ds.Errorf(c.argRange(t, p.Param), p.Hint, "task %q: %s", t.Name, p.Message)
	}
}

// staticArgs is what t says about each of op's parameters before the run:
// defaults for those it does not give, literals for those it writes
// without ${{ }}, and "given, value unknown" for the rest and for map:.
func (c *checker) staticArgs(t *Task, op *operator.Op) operator.StaticArgs {
	args := make(operator.StaticArgs, len(op.Params))
	for _, p := range op.Params {
		if !p.Required {
			args[p.Name] = operator.StaticArg{Known: true, Value: p.Default}
		}
	}
	for _, a := range t.With {
		if p, i := op.Param(a.Name); i >= 0 {
			v, ok := literalOf(a.Value.Node)
			args[a.Name] = operator.StaticArg{Given: true, Known: ok && p.Type.Accepts(v), Value: v}
		}
	}
	for _, a := range t.Map {
		args[a.Name] = operator.StaticArg{Given: true}
	}
	return args
}

// literalOf returns the value of a YAML node that holds no ${{ }}, as the
// compiler would make it; false for anything the run computes or the
// compiler will refuse.
func literalOf(n *yaml.Node) (any, bool) {
	if n == nil || hasExprNode(n, 0) {
		return nil, false
	}
	var x any
	if n.Decode(&x) != nil {
		return nil, false
	}
	v, err := value.Normalize(x)
	return v, err == nil
}

// hasExprNode reports whether any string in n holds ${{; past a depth no
// flow needs (an alias loop) it answers yes, so the value counts as unknown.
func hasExprNode(n *yaml.Node, depth int) bool {
	if depth > 100 {
		return true
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return hasExprNode(n.Alias, depth+1)
	}
	if n.Kind == yaml.ScalarNode {
		return n.ShortTag() == "!!str" && HasExpr(n.Value)
	}
	for _, ch := range n.Content {
		if hasExprNode(ch, depth+1) {
			return true
		}
	}
	return false
}

// argRange is where a problem with argument name of t points: its value
// when t gives it, else the with: key, else the task's name.
func (c *checker) argRange(t *Task, name string) Range {
	for _, list := range [][]Arg{t.With, t.Map} {
		for _, a := range list {
			if a.Name == name {
				return a.Value.Range
			}
		}
	}
	for _, p := range pairs(c.taskNodes[t.Name]) {
		if p.Key.Value == "with" {
			return RangeOf(c.f.File, p.Key)
		}
	}
	return t.Range
}
