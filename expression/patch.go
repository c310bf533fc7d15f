package expression

import (
	"github.com/expr-lang/expr/ast"
)

// semantics is the expr-lang patch behind Options: it rewrites
// operators into calls to flowspec's functions so that an expression
// computes what the operators (and their Python twins) compute:
//
//   - - * / % ** ^  checked int arithmetic, true division, floored modulo
//     == != < <= > >= Python's comparison: 1 == 1.0, exact int/float order
//     in  ..          membership by ==; a..b as range(a, b+1)
//     range repeat replace  their size counted against the Budget first
//     -x              checked negation
//     x[i]  x[a:b]    Python's indexing and slicing (strings by character)
//
// Property access (m.k, m["k"]) and optional chains (a?.b) keep
// expr-lang's own behaviour: a missing key is null.
type semantics struct{}

var binaryPatches = map[string]string{
	"+": "$add", "-": "$sub", "*": "$mul", "/": "$div", "%": "$mod", "**": "$pow", "^": "$pow",
	"==": "$eq", "!=": "$ne", "<": "$lt", "<=": "$le", ">": "$gt", ">=": "$ge",
	"in": "$in",
}

// Visit rewrites one node; ast.Walk calls it children first. Then every
// call is made to keep to the program's Budget (see budget).
func (semantics) Visit(node *ast.Node) {
	semantic(node)
	budget(node)
}

// semantic rewrites operators into flowspec's functions.
func semantic(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.BinaryNode:
		if n.Operator == ".." {
			ast.Patch(node, call("$through", budgetVar(), n.Left, n.Right))
		} else if fn, ok := binaryPatches[n.Operator]; ok {
			ast.Patch(node, call(fn, n.Left, n.Right))
		} else if isLogical(n.Operator) {
			if !isCallTo(n.Right, "$bool") {
				n.Right = call("$bool", n.Right)
			}
		}
	case *ast.UnaryNode:
		if n.Operator == "-" {
			ast.Patch(node, call("$neg", n.Node))
		}
	case *ast.MemberNode:
		if _, prop := n.Property.(*ast.StringNode); !prop && !n.Optional && !n.Method {
			ast.Patch(node, call("$index", n.Node, n.Property))
		}
	case *ast.SliceNode:
		ast.Patch(node, call("$slice", n.Node, orNil(n.From), orNil(n.To)))
	}
}

func call(fn string, args ...ast.Node) ast.Node {
	return &ast.CallNode{Callee: &ast.IdentifierNode{Value: fn}, Arguments: args}
}

func orNil(n ast.Node) ast.Node {
	if n == nil {
		return &ast.NilNode{}
	}
	return n
}

func isLogical(op string) bool {
	return op == "and" || op == "or" || op == "&&" || op == "||"
}

func isCallTo(n ast.Node, fn string) bool {
	c, ok := n.(*ast.CallNode)
	if !ok {
		return false
	}
	id, ok := c.Callee.(*ast.IdentifierNode)
	return ok && id.Value == fn
}
