package spec

import (
	"fmt"
	"slices"
	"strings"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// LanguageReference renders docs/LANGUAGE.md: the language's rules in brief,
// then every mapping of the format with where it is allowed and a row per
// field (kind, default, doc), then every operator of reg with its
// signature, doc, parameters and an example call. The field table and the
// registry are its only sources, so a test keeps the checked-in file fresh.
func LanguageReference(reg *operator.Registry) string {
	var b strings.Builder
	b.WriteString(languageIntro)
	b.WriteString("\n## Fields\n\nEvery mapping of a flow file, where it is allowed, and its fields.\n")
	for _, s := range fieldSections() {
		writeFieldSection(&b, s)
	}
	fmt.Fprintf(&b, "\n## Operators\n\nThe %d built-in operators a task names with `op:`; `flowspec ops NAME` prints the same. A parameter with a default may be left out.\n", len(reg.Ops()))
	for _, op := range reg.Ops() {
		writeOperator(&b, op)
	}
	return b.String()
}

// languageIntro is the prose head of the reference: the rules no table
// holds.
const languageIntro = `# The flowspec language

Generated from the field table (spec/fields_*.go) and the operator registry
(builtins/); do not edit. ` + "`go test ./spec -run TestLanguageReference -update`" + ` rewrites it.
The runnable examples are in examples/, one idea each.

## In brief

- A flow file is YAML with ` + "`version: 1`" + ` and at least one task.
- A task runs one operator (` + "`op:`" + `) on its arguments (` + "`with:`" + `). Arguments
  under ` + "`map:`" + ` are lists iterated element by element (zipped, or crossed with
  ` + "`product: true`" + `): the task fans out into one element per item.
- A value may be or hold ` + "`${{ expression }}`" + ` (expr-lang). Expressions read
  ` + "`params.NAME`" + `, ` + "`tasks.NAME`" + ` (a task's result; a mapped task gives the list of
  its elements' results), ` + "`env.NAME`" + ` (declared under ` + "`env:`" + `), ` + "`flow.name`" + ` and,
  in a mapped task, ` + "`index`" + `. A value that is exactly one expression takes its
  type; text around expressions makes a string.
- Reading ` + "`tasks.X`" + ` orders the task after X; ` + "`after:`" + ` orders without reading.
- A task runs when its trigger holds over its upstream states (` + "`all_success`" + `
  by default) and its ` + "`when:`" + ` is true; otherwise it is skipped.
- ` + "`outputs:`" + ` are reported when the run ends; ` + "`schedule:`" + ` makes ` + "`flowspec run`" + `
  run the flow on clocks until stopped.
`

// fieldSection is one mapping of the format and the places it may appear.
type fieldSection struct {
	field *Field
	where []string
}

// fieldSections walks the field table from the top level and returns each
// mapping once, in the order first reached, with every path that leads to
// it (`tasks.NAME`, `defaults`).
func fieldSections() []*fieldSection {
	var out []*fieldSection
	byField := map[*Field]*fieldSection{}
	var walk func(f *Field, path string)
	walk = func(f *Field, path string) {
		if s := byField[f]; s != nil {
			if !slices.Contains(s.where, path) {
				s.where = append(s.where, path)
			}
			return
		}
		s := &fieldSection{field: f, where: []string{path}}
		byField[f] = s
		if len(f.names()) > 0 {
			out = append(out, s)
		}
		for _, n := range f.nestedPaths(path) {
			walk(n.field, n.path)
		}
		for _, sh := range f.Shared {
			if sh.def == optionsDef {
				walk(optionsDef, path)
			}
		}
	}
	walk(flowFields, "")
	return out
}

// nestedPath is a mapping a field leads to and the path to reach it.
type nestedPath struct {
	field *Field
	path  string
}

// nestedPaths lists the fields a field leads to with their paths: a named
// child adds its name, a list's items `[]`, a free mapping's values `NAME`.
func (f *Field) nestedPaths(path string) []nestedPath {
	join := func(p, name string) string {
		if p == "" {
			return name
		}
		return p + "." + name
	}
	var out []nestedPath
	if f.Items != nil {
		out = append(out, nestedPath{f.Items, path + "[]"})
	}
	if f.Values != nil {
		out = append(out, nestedPath{f.Values, join(path, "NAME")})
	}
	if f.Ref != nil {
		out = append(out, nestedPath{f.Ref, path})
	}
	for _, a := range f.AnyOf {
		out = append(out, nestedPath{a, path})
	}
	for _, c := range f.Fields {
		out = append(out, nestedPath{c, join(path, c.Name)})
	}
	return out
}

// writeFieldSection writes one mapping's heading, places and field rows.
func writeFieldSection(b *strings.Builder, s *fieldSection) {
	f := s.field
	where := make([]string, len(s.where))
	for i, w := range s.where {
		if w == "" {
			w = "the top level"
		} else {
			w = "`" + w + "`"
		}
		where[i] = w
	}
	heading := headingOf(f)
	if f == flowFields {
		heading = "Top level"
	}
	fmt.Fprintf(b, "\n### %s\n\n%s\n\nAllowed at: %s.\n\n| field | kind | default | description |\n|---|---|---|---|\n",
		heading, f.Doc, strings.Join(where, ", "))
	for _, name := range f.names() {
		c, _ := f.child(name)
		fmt.Fprintf(b, "| `%s` | %s | %s | %s |\n", name, kindOfField(c), c.Default, docOfField(c))
	}
}

// writeOperator writes one operator: signature, doc, parameters and its
// first example (see firstExample), as the task a flow would write.
func writeOperator(b *strings.Builder, op *operator.Op) {
	fmt.Fprintf(b, "\n### %s\n\n`%s`\n\n%s\n", op.Name, operator.Signature(op), strings.TrimSpace(op.Doc))
	if len(op.Params) > 0 {
		b.WriteString("\n| parameter | type | default | description |\n|---|---|---|---|\n")
		for _, p := range op.Params {
			def := "required"
			if !p.Required {
				def = "`" + value.Repr(p.Default) + "`"
			}
			fmt.Fprintf(b, "| `%s` | %s | %s | %s |\n", p.Name, p.Type, def, strings.ReplaceAll(p.Doc, "|", `\|`))
		}
	}
	if e, ok := firstExample(op); ok && e.Error == "" {
		fmt.Fprintf(b, "\nExample:\n\n```yaml\n%s```\n\nresult: `%s`\n", exampleTask(op, e), value.Repr(e.Want))
	} else if ok {
		fmt.Fprintf(b, "\nExample:\n\n```yaml\n%s```\n\nfails with: `%s`\n", exampleTask(op, e), e.Error)
	}
}

// firstExample is an operator's first example that succeeds, or its first
// one when every example fails (fail's).
func firstExample(op *operator.Op) (operator.Example, bool) {
	for _, e := range op.Examples {
		if e.Error == "" {
			return e, true
		}
	}
	if len(op.Examples) > 0 {
		return op.Examples[0], true
	}
	return operator.Example{}, false
}

// exampleTask writes an example call as a task of a flow: the arguments in
// parameter order, each value as JSON (which YAML reads unchanged).
func exampleTask(op *operator.Op, e operator.Example) string {
	var args []string
	for _, p := range op.Params {
		if v, ok := e.Args[p.Name]; ok {
			args = append(args, p.Name+": "+string(value.JSON(v)))
		}
	}
	s := "op: " + op.Name + "\n"
	if len(args) > 0 {
		s += "with: {" + strings.Join(args, ", ") + "}\n"
	}
	return s
}
