package lower

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
	"github.com/flowspec/flowspec/value"
)

// TranslateExpr translates an expr-lang expression into one Python
// expression with the same value, for the expr operator's Python twin on
// Dask workers. The Python reads its variables from a dict named vars and
// calls helpers defined in builtins/python/expr.py that follow the
// semantics of expression.Options (the same checked arithmetic,
// comparisons and functions).
//
// Constructs without a faithful Python counterpart (method calls, bytes,
// functions such as toJSON or date, a regex computed at run time) are
// refused here, at compile time, with a message naming the construct and
// its position, so nothing unsupported ever reaches a worker.
func TranslateExpr(src string) (string, error) {
	tree, err := parser.Parse(src)
	if err != nil {
		return "", err
	}
	t := &translator{src: []rune(src)}
	out := t.node(tree.Node)
	if t.err != nil {
		return "", t.err
	}
	return out, nil
}

// translator walks an expr-lang AST, keeping the names bound by let and
// the depth of nested predicates (each # is the innermost element).
type translator struct {
	src   []rune
	lets  []string
	depth int
	err   error
}

// fail records the first unsupported construct.
func (t *translator) fail(n ast.Node, format string, args ...any) string {
	return t.failHint(n, "", format, args...)
}

// failHint is fail with the fix, when there is one besides running
// in-process.
func (t *translator) failHint(n ast.Node, hint, format string, args ...any) string {
	if t.err == nil {
		line, col := t.position(n.Location().From)
		if hint != "" {
			hint = "; " + hint
		}
		t.err = fmt.Errorf("%d:%d: %s is not supported in expressions that run on Dask%s",
			line, col, fmt.Sprintf(format, args...), hint)
	}
	return "None"
}

// position turns a character offset into a 1-based line and column.
func (t *translator) position(offset int) (line, col int) {
	line, col = 1, 1
	for i, r := range t.src {
		if i >= offset {
			break
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

func (t *translator) node(n ast.Node) string {
	switch n := n.(type) {
	case *ast.NilNode:
		return "None"
	case *ast.BoolNode:
		if n.Value {
			return "True"
		}
		return "False"
	case *ast.IntegerNode:
		return strconv.Itoa(n.Value)
	case *ast.FloatNode:
		return pyFloatLiteral(n.Value)
	case *ast.StringNode:
		return value.Quote(n.Value)
	case *ast.IdentifierNode:
		return t.identifier(n)
	case *ast.UnaryNode:
		return t.unary(n)
	case *ast.BinaryNode:
		return t.binary(n)
	case *ast.ChainNode:
		return "_x_chain(lambda: " + t.node(n.Node) + ")"
	case *ast.MemberNode:
		return t.member(n)
	case *ast.SliceNode:
		return "_x_slice(" + t.node(n.Node) + ", " + t.optional(n.From) + ", " + t.optional(n.To) + ")"
	case *ast.CallNode:
		return t.call(n)
	case *ast.BuiltinNode:
		return t.builtin(n)
	case *ast.PredicateNode:
		return t.predicate(n)
	case *ast.PointerNode:
		return t.pointer(n)
	case *ast.ConditionalNode:
		return "(" + t.node(n.Exp1) + " if _x_truth(" + t.node(n.Cond) + ") else " + t.node(n.Exp2) + ")"
	case *ast.VariableDeclaratorNode:
		return t.let(n)
	case *ast.SequenceNode:
		return "_x_seq(" + t.list(n.Nodes) + ")"
	case *ast.ArrayNode:
		return "[" + t.list(n.Nodes) + "]"
	case *ast.MapNode:
		return t.mapLiteral(n)
	case *ast.BytesNode:
		return t.fail(n, "a bytes literal")
	}
	return t.fail(n, "the expression %s", n.String())
}

func (t *translator) list(nodes []ast.Node) string {
	parts := make([]string, len(nodes))
	for i, n := range nodes {
		parts[i] = t.node(n)
	}
	return strings.Join(parts, ", ")
}

func (t *translator) optional(n ast.Node) string {
	if n == nil {
		return "None"
	}
	return t.node(n)
}

// pyFloatLiteral writes f as a Python float literal.
func pyFloatLiteral(f float64) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return "float(" + value.Quote(value.FormatFloat(f)) + ")"
	}
	return value.FormatFloat(f)
}

func (t *translator) identifier(n *ast.IdentifierNode) string {
	if n.Value == "$env" {
		return "vars"
	}
	for i := len(t.lets) - 1; i >= 0; i-- {
		if t.lets[i] == n.Value {
			return "_l_" + n.Value
		}
	}
	return "vars.get(" + value.Quote(n.Value) + ")"
}

func (t *translator) let(n *ast.VariableDeclaratorNode) string {
	value := t.node(n.Value)
	t.lets = append(t.lets, n.Name)
	body := t.node(n.Expr)
	t.lets = t.lets[:len(t.lets)-1]
	return "(lambda _l_" + n.Name + ": " + body + ")(" + value + ")"
}

func (t *translator) unary(n *ast.UnaryNode) string {
	x := t.node(n.Node)
	switch n.Operator {
	case "-":
		return "_x_neg(" + x + ")"
	case "+":
		return "_x_pos(" + x + ")"
	case "!", "not":
		return "_x_not(" + x + ")"
	}
	return t.fail(n, "the unary operator %s", n.Operator)
}

// binaryHelpers maps operators to the builtins/python/expr.py helper computing them.
var binaryHelpers = map[string]string{
	"+": "_x_add", "-": "_x_sub", "*": "_x_mul", "/": "_x_div", "%": "_x_mod", "**": "_x_pow", "^": "_x_pow",
	"==": "_x_eq", "!=": "_x_ne", "<": "_x_lt", "<=": "_x_le", ">": "_x_gt", ">=": "_x_ge",
	"in": "_x_in", "..": "_x_through",
	"contains": "_x_contains", "startsWith": "_x_startswith", "endsWith": "_x_endswith",
}

func (t *translator) binary(n *ast.BinaryNode) string {
	if n.Operator == "matches" {
		return t.matches(n)
	}
	l, r := t.node(n.Left), t.node(n.Right)
	if h, ok := binaryHelpers[n.Operator]; ok {
		return h + "(" + l + ", " + r + ")"
	}
	switch n.Operator {
	case "and", "&&":
		return "(_x_truth(" + l + ") and _x_truth(" + r + "))"
	case "or", "||":
		return "(_x_truth(" + l + ") or _x_truth(" + r + "))"
	case "??":
		return "_x_coalesce(" + l + ", lambda: " + r + ")"
	}
	return t.fail(n, "the operator %s", n.Operator)
}

// matches translates `s matches "pattern"` with the pattern rewritten for
// Python (pythonRegexp). A pattern computed at run time cannot be
// rewritten before the run, so it is refused.
func (t *translator) matches(n *ast.BinaryNode) string {
	p, ok := n.Right.(*ast.StringNode)
	if !ok {
		return t.failHint(n, "write the pattern as a string literal", "matches with a pattern computed at run time")
	}
	py, err := pythonRegexp(p.Value)
	if err != nil {
		return t.fail(n, "matches with the pattern %s (%v)", value.Quote(p.Value), err)
	}
	return "_x_matches(" + t.node(n.Left) + ", " + value.Quote(py) + ")"
}

func (t *translator) member(n *ast.MemberNode) string {
	if n.Method {
		return t.fail(n, "a method call")
	}
	obj := t.node(n.Node)
	if p, ok := n.Property.(*ast.StringNode); ok {
		opt := "False"
		if n.Optional {
			opt = "True"
		}
		return "_x_member(" + obj + ", " + value.Quote(p.Value) + ", " + opt + ")"
	}
	if n.Optional {
		return t.fail(n, "an optional index ?.[...] (write x != nil ? x[i] : nil)")
	}
	return "_x_index(" + obj + ", " + t.node(n.Property) + ")"
}

func (t *translator) mapLiteral(n *ast.MapNode) string {
	parts := make([]string, len(n.Pairs))
	for i, p := range n.Pairs {
		pair := p.(*ast.PairNode)
		key := "_x_key(" + t.node(pair.Key) + ")"
		if s, ok := pair.Key.(*ast.StringNode); ok {
			key = value.Quote(s.Value)
		}
		parts[i] = key + ": " + t.node(pair.Value)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// callHelpers are the functions expression.Options adds, by name and arity.
var callHelpers = map[string][2]int{"range": {1, 3}, "rand": {0, 0}, "format": {2, 2}}

func (t *translator) call(n *ast.CallNode) string {
	id, ok := n.Callee.(*ast.IdentifierNode)
	if !ok {
		return t.fail(n, "a method call")
	}
	arity, ok := callHelpers[id.Value]
	if !ok {
		return t.fail(n, "the function %s", id.Value)
	}
	if len(n.Arguments) < arity[0] || len(n.Arguments) > arity[1] {
		return t.fail(n, "%s with %d arguments", id.Value, len(n.Arguments))
	}
	return "_x_" + id.Value + "(" + t.list(n.Arguments) + ")"
}

// predicate writes a predicate as a Python lambda of the element (#), its
// index in the list (#index) and, for reduce, the accumulator (#acc); the
// helpers in expr.py pass them in that order.
func (t *translator) predicate(n *ast.PredicateNode) string {
	t.depth++
	body := t.node(n.Node)
	t.depth--
	d := strconv.Itoa(t.depth + 1)
	return "lambda _p" + d + ", _i" + d + "=0, _a" + d + "=None: " + body
}

// pointerVars names the Python parameter of each #NAME of a predicate.
var pointerVars = map[string]string{"": "_p", "index": "_i", "acc": "_a"}

func (t *translator) pointer(n *ast.PointerNode) string {
	v, ok := pointerVars[n.Name]
	if !ok {
		return t.fail(n, "#%s", n.Name)
	}
	if t.depth == 0 {
		return t.fail(n, "#%s outside a predicate", n.Name)
	}
	return v + strconv.Itoa(t.depth)
}
