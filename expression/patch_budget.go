package expression

import "github.com/expr-lang/expr/ast"

// budget makes a call keep to the program's Budget (the BudgetVar
// variable): range, repeat and replace become their budgeted versions,
// which size their result before making it; every call's result is counted
// ($charge); and the collection a loop builtin (map, filter, reduce, ...)
// iterates is counted before the loop runs ($each).
func budget(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.CallNode:
		if id, ok := n.Callee.(*ast.IdentifierNode); ok && id.Value == "range" {
			ast.Patch(node, call("$range", append([]ast.Node{budgetVar()}, n.Arguments...)...))
			return
		}
		if isCallTo(n, "$through") || isCallTo(n, "$charge") {
			return // $through counts its own result
		}
	case *ast.BuiltinNode:
		if sized[n.Name] {
			ast.Patch(node, call("$"+n.Name, append([]ast.Node{budgetVar()}, n.Arguments...)...))
			return
		}
		if loops[n.Name] && len(n.Arguments) > 0 {
			n.Arguments[0] = call("$each", budgetVar(), n.Arguments[0])
		}
	default:
		return
	}
	ast.Patch(node, call("$charge", budgetVar(), *node))
}

// sized are the builtins whose result can be much larger than their
// arguments; flowspec replaces them with versions that check first.
var sized = map[string]bool{"repeat": true, "replace": true}

// loops are the builtins that iterate their first argument.
var loops = map[string]bool{
	"all": true, "none": true, "any": true, "one": true, "filter": true, "map": true,
	"find": true, "findIndex": true, "findLast": true, "findLastIndex": true,
	"count": true, "sum": true, "groupBy": true, "sortBy": true, "reduce": true,
}

func budgetVar() ast.Node { return &ast.IdentifierNode{Value: BudgetVar} }
