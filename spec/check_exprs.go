package spec

import (
	"errors"
	"strings"

	"github.com/expr-lang/expr/ast"
	exprfile "github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
	"go.yaml.in/yaml/v3"
)

// scope says what an expression may read where it is written.
type scope struct {
	task  *Task // the task the expression belongs to; nil outside tasks
	tasks bool  // tasks.X is allowed (not in param defaults)
	index bool  // index is allowed (only inside a mapped task)
	// mapList marks a map: value, which decides the elements and so cannot
	// read index.
	mapList bool
	where   string // "params" or "outputs" when task is nil, for messages
}

// namespaces are the names an expression can start from.
var namespaces = []string{"params", "tasks", "env", "flow", "index"}

// checkValue checks every ${{ }} in a value (recursing into lists and
// mappings): template syntax, expression syntax, and the names it reads.
func (c *checker) checkValue(v Value, sc scope) {
	if v.Node == nil {
		return
	}
	c.checkNode(v.Node, sc, map[*yaml.Node]bool{})
}

func (c *checker) checkNode(n *yaml.Node, sc scope, seen map[*yaml.Node]bool) {
	if seen[n] {
		return
	}
	seen[n] = true
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!str" && HasExpr(n.Value) {
		c.checkTemplate(ValueOf(c.f.File, n), sc)
		return
	}
	for i, ch := range n.Content {
		if n.Kind == yaml.MappingNode && i%2 == 0 {
			continue // keys are names, not values
		}
		c.checkNode(ch, sc, seen)
	}
}

// checkTemplate parses a string's ${{ }} segments and checks each expression.
func (c *checker) checkTemplate(v Value, sc scope) {
	segs, err := ParseTemplate(v.Node.Value)
	var te *TemplateError
	if errors.As(err, &te) {
		c.ds.Errorf(c.at(v, te.Offset), commentHint(v.Node), "%s", te.Msg)
		return
	}
	for _, s := range segs {
		if s.Expr {
			c.checkExpr(v, s, sc)
		}
	}
}

// commentHint explains a value cut short by YAML: in a plain scalar " #"
// starts a comment, which swallows the rest of an expression using expr's
// # (the current element in map, filter...).
func commentHint(n *yaml.Node) string {
	if n.Style == 0 && n.LineComment != "" {
		return "in a plain YAML value \" #\" starts a comment and cut this one short: quote the whole value, e.g. '${{ ... }}'"
	}
	return ""
}

// checkExpr parses one expression and checks the names it reads. A syntax
// error points at the exact column inside the YAML string.
func (c *checker) checkExpr(v Value, s Segment, sc scope) {
	tree, err := parser.Parse(s.Text)
	if err != nil {
		off := 0
		msg := err.Error()
		var fe *exprfile.Error
		if errors.As(err, &fe) {
			off, msg = runeOffset(s.Text, fe.From), fe.Message
		}
		c.ds.Errorf(c.at(v, s.Offset+off), "expressions use expr-lang syntax: https://expr-lang.org/docs/language-definition",
			"expression syntax error: %s", msg)
		return
	}
	w := refWalker{}
	ast.Walk(&tree.Node, &w)
	for _, ref := range w.refs() {
		c.checkRef(v, s, ref, sc)
	}
}

// runeOffset converts expr's rune index into a byte offset in s.
func runeOffset(s string, runes int) int {
	i := 0
	for off := range s {
		if i == runes {
			return off
		}
		i++
	}
	return len(s)
}

// exprRef is one name an expression reads: a namespace member (tasks.add,
// params["n"]) or a bare identifier.
type exprRef struct {
	NS   string // params, tasks, env, flow; "" for a bare identifier
	Name string
	From int // rune index in the expression
}

// refWalker collects the names an expression reads, leaving out function
// names and let-bound variables. ast.Walk visits children before parents, so
// identifiers are sorted out at the end (see refs).
type refWalker struct {
	members []exprRef
	idents  []*ast.IdentifierNode
	skip    map[ast.Node]bool // callees and the identifiers that start a member
	bound   map[string]bool
}

// Visit records one node.
func (w *refWalker) Visit(node *ast.Node) {
	if w.skip == nil {
		w.skip, w.bound = map[ast.Node]bool{}, map[string]bool{}
	}
	switch n := (*node).(type) {
	case *ast.CallNode:
		w.skip[n.Callee] = true
	case *ast.VariableDeclaratorNode:
		w.bound[n.Name] = true
	case *ast.MemberNode:
		id, ok := n.Node.(*ast.IdentifierNode)
		prop, isStr := n.Property.(*ast.StringNode)
		if ok && isStr && id.Value != "index" && contains(namespaces, id.Value) {
			w.skip[id] = true
			w.members = append(w.members, exprRef{NS: id.Value, Name: prop.Value, From: id.Location().From})
		}
	case *ast.IdentifierNode:
		w.idents = append(w.idents, n)
	}
}

// refs returns every name read: namespace members, then bare identifiers.
func (w *refWalker) refs() []exprRef {
	out := w.members
	for _, id := range w.idents {
		if !w.skip[id] && !w.bound[id.Value] {
			out = append(out, exprRef{Name: id.Value, From: id.Location().From})
		}
	}
	return out
}

// at returns the position of byte off inside v's string. It trusts
// Value.RangeAt only when the source line really holds the string's text up
// to off there (a one-line scalar without escapes); otherwise, as for folded
// multi-line scalars, it points at the value's start.
func (c *checker) at(v Value, off int) Range {
	n := v.Node
	if c.lines == nil {
		c.lines = splitLines(c.f.Source)
	}
	var line []rune
	if n.Line >= 1 && n.Line <= len(c.lines) {
		line = []rune(c.lines[n.Line-1])
	}
	col := n.Column - 1 + quoteWidth(n.Style)/2
	if off <= len(n.Value) && col <= len(line) && strings.HasPrefix(string(line[col:]), n.Value[:off]) {
		return v.RangeAt(off)
	}
	return v.Range
}
