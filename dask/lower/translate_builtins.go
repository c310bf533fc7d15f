package lower

import (
	"strings"

	"github.com/expr-lang/expr/ast"
)

// builtinArity lists the expr-lang builtins that TranslateExpr supports and
// how many arguments each may take (max -1: any number); builtins/python/expr.py
// defines _x_b_<name> for each, matching expr-lang's Go behaviour on
// flowspec values. Others (toJSON, date, groupBy, sortBy, ...) are refused.
var builtinArity = map[string][2]int{
	"len": {1, 1}, "abs": {1, 1}, "ceil": {1, 1}, "floor": {1, 1}, "round": {1, 1},
	"int": {1, 1}, "float": {1, 1}, "string": {1, 1},
	"trim": {1, 2}, "trimPrefix": {2, 2}, "trimSuffix": {2, 2}, "upper": {1, 1}, "lower": {1, 1},
	"split": {2, 2}, "join": {1, 2}, "replace": {3, 3}, "repeat": {2, 2},
	"indexOf": {2, 2}, "hasPrefix": {2, 2}, "hasSuffix": {2, 2},
	"min": {1, -1}, "max": {1, -1}, "mean": {1, -1}, "sum": {1, 2},
	"first": {1, 1}, "last": {1, 1}, "keys": {1, 1}, "values": {1, 1},
	"reverse": {1, 1}, "sort": {1, 2}, "uniq": {1, 1}, "concat": {1, -1}, "flatten": {1, 1},
	"all": {2, 2}, "any": {2, 2}, "none": {2, 2}, "one": {2, 2}, "filter": {2, 2}, "map": {2, 2},
	"count": {1, 2}, "find": {2, 2}, "findIndex": {2, 2}, "reduce": {2, 3},
}

func (t *translator) builtin(n *ast.BuiltinNode) string {
	arity, ok := builtinArity[n.Name]
	if !ok {
		return t.fail(n, "the function %s", n.Name)
	}
	if len(n.Arguments) < arity[0] || (arity[1] >= 0 && len(n.Arguments) > arity[1]) {
		return t.fail(n, "%s with %d arguments", n.Name, len(n.Arguments))
	}
	return "_x_b_" + strings.ToLower(n.Name) + "(" + t.list(n.Arguments) + ")"
}
