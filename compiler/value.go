package compiler

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/expr-lang/expr/file"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/spec"
	"github.com/flowspec/flowspec/value"
	"go.yaml.in/yaml/v3"
)

// scope is where a value is being compiled: the name generated expression
// tasks take, and the element index inside a mapped task (-1 outside).
type scope struct {
	owner string
	index int
}

// at is the scope of the item named seg inside the current value: its
// expression tasks take the name owner.seg (add.y.a, add.y.0), so two
// runtime expressions in one argument get two groups, never one group whose
// tasks share a name (and a Dask key).
func (sc scope) at(seg string) scope {
	if !plainSegment(seg) {
		seg = strconv.Quote(seg)
	}
	sc.owner += "." + seg
	return sc
}

// plainSegment reports whether a map key or list index can stand in a
// generated name as it is; any other key is quoted, so distinct paths
// ({"a.b": ..} and {a: {b: ..}}) never make the same name.
func plainSegment(s string) bool {
	for _, r := range s {
		if r != '_' && r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}

// value compiles a YAML value into an argument: a constant when everything in
// it is known at compile time, otherwise references and generated expression
// tasks. v is the enclosing value, used for positions.
func (c *compilation) value(n *yaml.Node, v spec.Value, sc scope) (Arg, bool) {
	switch n.Kind {
	case yaml.AliasNode:
		return c.value(n.Alias, v, sc)
	case yaml.SequenceNode:
		return c.sequence(n, v, sc)
	case yaml.MappingNode:
		return c.mapping(n, v, sc)
	}
	if info := c.exprOf(n, v); info != nil {
		return c.expression(info, spec.ValueOf(v.Range.File, n), sc)
	}
	x, ok := c.literal(spec.Value{Node: n, Range: spec.RangeOf(v.Range.File, n)})
	return Arg{Kind: Const, Value: x}, ok
}

// sequence compiles a YAML list; it stays a constant if all items are.
func (c *compilation) sequence(n *yaml.Node, v spec.Value, sc scope) (Arg, bool) {
	items := make([]Arg, len(n.Content))
	ok := true
	for i, ch := range n.Content {
		a, good := c.value(ch, v, sc.at(strconv.Itoa(i)))
		items[i], ok = a, ok && good
	}
	return foldList(items), ok
}

// mapping compiles a YAML mapping; it stays a constant if all values are.
func (c *compilation) mapping(n *yaml.Node, v spec.Value, sc scope) (Arg, bool) {
	names := make([]string, 0, len(n.Content)/2)
	items := make([]Arg, 0, len(n.Content)/2)
	ok := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		a, good := c.value(n.Content[i+1], v, sc.at(n.Content[i].Value))
		names, items, ok = append(names, n.Content[i].Value), append(items, a), ok && good
	}
	return foldMap(names, items), ok
}

// foldList turns a list of constants into one constant.
func foldList(items []Arg) Arg {
	vals := make([]any, len(items))
	for i, a := range items {
		if a.Kind != Const {
			return Arg{Kind: List, Items: items}
		}
		vals[i] = a.Value
	}
	return Arg{Kind: Const, Value: vals}
}

// foldMap turns a map of constants into one constant.
func foldMap(names []string, items []Arg) Arg {
	vals := make(map[string]any, len(items))
	for i, a := range items {
		if a.Kind != Const {
			return Arg{Kind: Map, Names: names, Items: items}
		}
		vals[names[i]] = a.Value
	}
	return Arg{Kind: Const, Value: vals}
}

// exprOf returns the analysed expression held by string node n, or nil when n
// is a plain literal. A string with text around its expressions becomes one
// interpolation expression. Errors are reported once, positioned inside v.
func (c *compilation) exprOf(n *yaml.Node, v spec.Value) *exprInfo {
	if info, seen := c.exprs[n]; seen {
		return info
	}
	c.exprs[n] = nil
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!str" && n.Tag != "") || !spec.HasExpr(n.Value) {
		return nil
	}
	val := spec.ValueOf(v.Range.File, n)
	segs, err := spec.ParseTemplate(n.Value)
	if err != nil {
		te := err.(*spec.TemplateError)
		c.diags.Errorf(val.RangeAt(te.Offset), "", "%s", te.Msg)
		return nil
	}
	src, offset := interpolation(segs)
	info, err := analyze(src)
	if err != nil {
		c.exprError(val, src, offset, err)
		return nil
	}
	info.offset = offset
	c.exprs[n] = info
	return info
}

// interpolation returns the expression source for a string's segments and
// the byte offset of that source in the string (exact for a sole expression).
func interpolation(segs []spec.Segment) (string, int) {
	if len(segs) == 1 && segs[0].Expr {
		return segs[0].Text, segs[0].Offset
	}
	parts := make([]string, len(segs))
	for i, s := range segs {
		if s.Expr {
			parts[i] = "string(" + s.Text + ")"
		} else {
			parts[i] = strconv.Quote(s.Text)
		}
	}
	return strings.Join(parts, " + "), 0
}

// exprError reports an expr-lang error at its column inside the YAML string.
func (c *compilation) exprError(val spec.Value, src string, offset int, err error) {
	msg := err.Error()
	r := val.Range
	if fe, ok := err.(*file.Error); ok {
		msg = fe.Message
		r = val.RangeAt(offset + runeToByte(src, fe.From))
	}
	c.diags.Errorf(r, "", "expression %q: %s", strings.TrimSpace(src), msg)
}

// runeToByte converts expr-lang's rune offset into a byte offset in src.
func runeToByte(src string, runes int) int {
	for i := range src {
		if runes == 0 {
			return i
		}
		runes--
	}
	return len(src)
}

// expression compiles one analysed expression: evaluated now when it reads
// no task results, an edge when it is exactly tasks.X, else a runtime
// expression task.
func (c *compilation) expression(info *exprInfo, v spec.Value, sc scope) (Arg, bool) {
	switch {
	case info.plainRef != "":
		return c.taskValue(info.plainRef, v)
	case info.static():
		x, err := c.evalStatic(info, sc.index)
		if err != nil {
			c.exprError(v, info.src, info.offset, err)
			return Arg{}, false
		}
		return Arg{Kind: Const, Value: x}, true
	}
	return c.exprTask(info, v, sc)
}

// taskValue is the argument that reads task name's result: one reference, or
// the list of a mapped task's element references.
func (c *compilation) taskValue(name string, v spec.Value) (Arg, bool) {
	gi, ok := c.groupOf[name]
	if !ok {
		if !c.declared(name) { // a task that failed to compile has its own error
			c.diags.Errorf(v.Range, "", "unknown task %q", name)
		}
		return Arg{}, false
	}
	if c.g.Groups[gi].Rule != nil {
		return Arg{Kind: GroupList, Ref: gi}, true
	}
	if items, ok := c.lists[gi]; ok {
		return Arg{Kind: List, Items: items}, true
	}
	a := c.g.groupValue(int(gi))
	if a.Kind == List {
		c.lists[gi] = a.Items
	}
	return a, true
}

// checkType reports a constant argument that the operator cannot accept.
func (c *compilation) checkType(t string, p operator.Param, a Arg, r spec.Range) bool {
	if a.Kind != Const || p.Type.Accepts(a.Value) || (a.Value == nil && !p.Required) {
		return true
	}
	c.diags.Errorf(r, "", "task %q: parameter %s expects %s, got %s", t, p.Name, p.Type, describe(a.Value))
	return false
}

// describe renders a value and its type for messages: string "a", int 5.
func describe(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("string %q", x)
	case []any:
		return fmt.Sprintf("a list of %d", len(x))
	case map[string]any:
		return "a map"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%s %v", value.TypeOf(v), v)
}

// declared reports whether the flow file declares a task called name, so a
// reference to one that could not be compiled (over the task budget, say)
// is not reported again as unknown.
func (c *compilation) declared(name string) bool {
	for _, t := range c.flow.Tasks {
		if t.Name == name {
			return true
		}
	}
	return false
}
